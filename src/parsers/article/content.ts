// Finds the container of the article text. Each text block votes for its ancestors, closer ones more, in the
// manner of Readability; the best-scoring container, penalised by its share of link text, wins, and its siblings
// that read like article text join it (articles split across several <div>s by ads or pull quotes).
import { attr, classWords, isTag, walkElements, type Element } from "./dom.ts";
import type { Block } from "./blocks.ts";

const POSITIVE_WORDS = new Set([
  "article",
  "articlebody",
  "body",
  "content",
  "entry",
  "main",
  "post",
  "story",
  "text",
  "prose",
  "richtext",
  "blog",
  "page",
  "hentry",
  "single",
  "detail",
  "news",
]);
const NEGATIVE_WORDS = new Set([
  "comment",
  "comments",
  "footer",
  "sidebar",
  "widget",
  "related",
  "promo",
  "ad",
  "ads",
  "share",
  "social",
  "meta",
  "nav",
  "menu",
  "teaser",
  "card",
  "list",
  "links",
  "tags",
  "popular",
]);

interface Tally {
  score: number;
  text: number;
  links: number;
  /** Text of blocks that read like article paragraphs: long enough, few links. */
  good: number;
  /** Good text in runs: paragraphs whose parent holds another good one. Teaser cards hold one each. */
  runs: number;
  /** Length of the longest good block: one long paragraph reads as article text even alone. */
  longest: number;
}

/** The elements whose blocks make up the article, in document order. */
export function selectContainers(blocks: Block[]): Element[] {
  const tallies = tallyAncestors(blocks);
  let best: Element | undefined;
  let bestScore = 0;
  for (const [el, tally] of tallies) {
    const score = tally.score * (1 - tally.links / Math.max(1, tally.text));
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  }
  if (!best) return [];
  best = climbWhileParentScores(best, tallies, bestScore);
  best = climbWhileAddedTextReads(best, tallies);
  return withArticleSiblings(best, tallies, bestScore);
}

function tallyAncestors(blocks: Block[]): Map<Element, Tally> {
  const tallies = new Map<Element, Tally>();
  const goodPerParent = new Map<unknown, number>();
  for (const block of blocks) {
    if (isGood(block)) goodPerParent.set(block.element.parent, (goodPerParent.get(block.element.parent) ?? 0) + 1);
  }
  for (const block of blocks) {
    const length = block.text.length;
    const votes = length >= 25 && block.kind !== "figure" ? blockScore(block) : 0;
    const good = isGood(block);
    const inRun = good && (goodPerParent.get(block.element.parent) ?? 0) >= 2;
    // The block's own element is tallied too (level -1, no vote) so that bare <p> siblings can be judged.
    let level = -1;
    for (let node: Element | null = block.element; node && isTag(node); node = node.parent as Element | null, level++) {
      let tally = tallies.get(node);
      if (!tally) {
        tally = { score: initialScore(node), text: 0, links: 0, good: 0, runs: 0, longest: 0 };
        tallies.set(node, tally);
      }
      tally.text += length;
      tally.links += block.linkChars;
      if (good) tally.good += length;
      if (good && length > tally.longest) tally.longest = length;
      if (inRun) tally.runs += length;
      if (votes > 0 && level >= 0 && level < 5) tally.score += votes / (level === 0 ? 1 : level === 1 ? 2 : level * 3);
    }
  }
  return tallies;
}

function isGood(block: Block): boolean {
  return block.text.length >= 25 && block.kind !== "figure" && block.linkChars < 0.3 * block.text.length;
}

function blockScore(block: Block): number {
  const commas = (block.text.match(/[,，、]/g) ?? []).length;
  const linkShare = block.linkChars / Math.max(1, block.text.length);
  const kindWeight = block.kind === "p" || block.kind === "quote" ? 1 : 0.5;
  return (1 + commas + Math.min(Math.floor(block.text.length / 100), 3)) * kindWeight * (1 - linkShare);
}

function initialScore(el: Element): number {
  let score = 0;
  if (el.name === "div" || el.name === "article" || el.name === "main" || el.name === "section") score += 5;
  if (el.name === "article" || attr(el, "itemprop") === "articleBody") score += 10;
  if (el.name === "pre" || el.name === "td" || el.name === "blockquote") score += 3;
  if (el.name === "ol" || el.name === "ul" || el.name === "li" || el.name === "form") score -= 3;
  for (const word of classWords(el)) {
    if (POSITIVE_WORDS.has(word)) score += 12;
    if (NEGATIVE_WORDS.has(word)) score -= 12;
  }
  return Math.max(-25, Math.min(25, score));
}

function climbWhileParentScores(start: Element, tallies: Map<Element, Tally>, startScore: number): Element {
  let best = start;
  let last = startScore;
  for (let node = start.parent; node && isTag(node) && node.name !== "body"; node = node.parent) {
    const tally = tallies.get(node);
    if (!tally) continue;
    if (tally.score < startScore / 3) break;
    if (tally.score > last) {
      best = node;
      last = tally.score;
    }
  }
  return best;
}

// Articles cut into chunks by ads or grids score chunk by chunk; an ancestor whose extra text is mostly article
// paragraphs (not links, not short furniture) holds the whole article.
function climbWhileAddedTextReads(start: Element, tallies: Map<Element, Tally>): Element {
  let best = start;
  let bestTally = tallies.get(start)!;
  for (let node = start.parent; node && isTag(node); node = node.parent) {
    const tally = tallies.get(node);
    if (!tally) continue;
    const addedGood = tally.runs - bestTally.runs;
    const addedText = tally.text - bestTally.text;
    if (addedText <= 0) continue;
    const addedLinks = tally.links - bestTally.links;
    if (addedGood / addedText < 0.7 || addedLinks / addedText > 0.15 || addedGood < 0.1 * bestTally.good) break;
    best = node;
    bestTally = tally;
  }
  return best;
}

function withArticleSiblings(best: Element, tallies: Map<Element, Tally>, bestScore: number): Element[] {
  const parent = best.parent;
  if (!parent || !isTag(parent)) return [best];
  const threshold = Math.max(10, bestScore * 0.2);
  const bestClass = attr(best, "class");
  const kept: Element[] = [];
  for (const sibling of parent.children) {
    if (!isTag(sibling)) continue;
    if (sibling === best) {
      kept.push(sibling);
      continue;
    }
    const tally = tallies.get(sibling);
    if (!tally || holdsSeveralStories(sibling)) continue;
    const linkShare = tally.links / Math.max(1, tally.text);
    const bonus = bestClass !== "" && attr(sibling, "class") === bestClass ? bestScore * 0.2 : 0;
    // Like the climb, a container sibling joins only when its text reads as paragraph runs or long paragraphs:
    // a comment thread or a column of teasers scores well too, one short paragraph per box.
    const readsAsRuns = tally.runs >= 0.5 * tally.good || tally.longest >= LONG_PARAGRAPH;
    if (tally.score * (1 - linkShare) + bonus >= threshold && linkShare < 0.3 && readsAsRuns) kept.push(sibling);
    else if (TEXT_TAGS.has(sibling.name) && tally.text > 80 && linkShare < 0.25) kept.push(sibling);
  }
  return kept;
}

const LONG_PARAGRAPH = 400;

const TEXT_TAGS = new Set(["p", "blockquote", "ul", "ol", "pre", "h2", "h3", "h4", "h5", "h6", "table", "dl"]);

// "You may also like" boxes repeat the article markup once per story.
function holdsSeveralStories(el: Element): boolean {
  let articles = 0;
  walkElements(el, (child) => {
    if (child.name === "article") articles++;
    return articles < 2;
  });
  return articles >= 2;
}
