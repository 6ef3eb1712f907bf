// Block-level clean-up of the chosen container: what class names could not reveal but the text does.
import type { Block } from "./blocks.ts";
import type { PageMetadata } from "./metadata.ts";
import { isBoilerplateText, isDateLine } from "./boilerplate-text.ts";

export function filterBlocks(blocks: Block[], metadata: PageMetadata): Block[] {
  const seen = new Set<string>();
  const title = normalize(metadata.title ?? "");
  const headlineLists = findHeadlineLists(blocks);
  const kept: Block[] = [];
  for (const block of blocks) {
    if (block.list && headlineLists.has(block.list)) continue;
    const key = normalize(block.text);
    if (block.kind === "figure") {
      if (key !== "" && seen.has(key)) continue;
      if (key !== "") seen.add(key);
      kept.push(block);
      continue;
    }
    if (key === "" || isBoilerplateText(block.text)) continue;
    if (block.kind !== "cell" && block.linkChars === 0 && isDateLine(block.text)) continue;
    // The headline is metadata, whatever element repeats it in the body.
    if (key === title || (block.kind === "heading" && block.level === 1)) continue;
    if (isLinkList(block)) continue;
    // Captions repeated by galleries and lightboxes, and teasers repeated in several rails, appear once.
    if (seen.has(key) && key.length > 0) continue;
    seen.add(key);
    kept.push(block);
  }
  return trimTrailingHeadings(kept);
}

// "More stories" lists: every item short and carrying a link. Bullet points of an article are longer, or
// link only now and then.
function findHeadlineLists(blocks: Block[]): Set<unknown> {
  const items = new Map<unknown, Block[]>();
  for (const block of blocks) {
    if (block.kind === "li" && block.list) items.set(block.list, [...(items.get(block.list) ?? []), block]);
  }
  const lists = new Set<unknown>();
  for (const [list, members] of items) {
    const allLinked = members.every((item) => item.linkChars >= 0.3 * item.text.replace(/\s+/g, "").length);
    const meanLength = members.reduce((sum, item) => sum + item.text.length, 0) / members.length;
    if (members.length >= 3 && allLinked && meanLength < 90) lists.add(list);
  }
  return lists;
}

function isLinkList(block: Block): boolean {
  const share = block.linkChars / Math.max(1, block.text.replace(/\s+/g, "").length);
  // Navigation and related-story lists are links through and through; a news round-up item links its source
  // from half its words and still reads as text.
  return share >= 0.75 || (share > 0.5 && block.text.length < 120 && !/[.!?。！？]["”»’)]?$/.test(block.text));
}

// A heading with nothing after it introduced something that was removed (related stories, comments).
function trimTrailingHeadings(blocks: Block[]): Block[] {
  let end = blocks.length;
  while (end > 0 && (blocks[end - 1].kind === "heading" || blocks[end - 1].kind === "figure")) end--;
  return blocks.slice(0, end);
}

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
