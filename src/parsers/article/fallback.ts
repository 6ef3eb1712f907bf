// What to extract when the chosen container holds too little to be an article. A page is thrown away as
// "no-article" only when no other place holds its text and it gives no sign of being an article: an ordinary
// article lost to a doubt costs a reader the whole story, a short page kept costs a few lines.
import type { ExtractionStatus } from "../../model.ts";
import { escapeHtml, type Block } from "./blocks.ts";
import { isBoilerplateText } from "./boilerplate-text.ts";
import type { Element } from "./dom.ts";
import type { PageMetadata } from "./metadata.ts";
import { MIN_ARTICLE_CHARS, readingLength } from "./page-kind.ts";

/** The article's final status and text: rendered from `blocks`, or given as `html` (JSON-LD text). */
export interface SettledArticle {
  status: ExtractionStatus;
  text: string;
  blocks: Block[];
  html?: string;
}

interface PageReading {
  status: ExtractionStatus;
  text: string;
  /** The blocks kept from the chosen container. */
  kept: Block[];
  pageBlocks: Block[];
  metadata: PageMetadata;
}

export function settleArticle(page: PageReading): SettledArticle {
  const own = { status: page.status, text: page.text, blocks: page.kept };
  if (page.status === "no-article") return rescueArticle(own, page.pageBlocks, page.metadata);
  const wider = page.status === "ok" ? widerJsonLdBody(page.text, page.metadata) : undefined;
  return wider ? { status: "ok", blocks: [], ...wider } : own;
}

// A short news item or blog post still says something in this much; a page shell or an error stub does not.
const SHORT_ARTICLE_CHARS = 80;
const ERROR_TITLE =
  /\b(404|410|page not found|not found|error \d{3}|access denied|forbidden)\b|^error\b|страница не найдена|ошибка|页面不存在|找不到/i;

/** For a page judged "no-article": JSON-LD articleBody, then the page's main run of paragraphs, then a short article. */
function rescueArticle(own: SettledArticle, pageBlocks: Block[], metadata: PageMetadata): SettledArticle {
  if (ERROR_TITLE.test(metadata.title ?? "")) return own;
  let best = own;
  const run = mainRun(pageBlocks);
  const runText = run.map((b) => b.text).join("\n\n");
  if (readingLength(runText) > readingLength(best.text)) best = { ...own, text: runText, blocks: run };
  const fromJsonLd = jsonLdParagraphs(metadata);
  if (fromJsonLd && readingLength(fromJsonLd.text) > readingLength(best.text))
    best = { ...own, blocks: [], ...fromJsonLd };
  const length = readingLength(best.text);
  const declared = metadata.ogType === "article" || metadata.jsonLd.article?.kind === "article";
  const ok = length >= MIN_ARTICLE_CHARS || (declared && length >= SHORT_ARTICLE_CHARS);
  return ok ? { ...best, status: "ok" } : own;
}

/**
 * For a page judged an article: the publisher's own articleBody when the chosen container holds less than half of
 * it. The container was then a standfirst, a caption or one chunk of a split article; articleBody is sometimes a
 * truncated teaser, which is why it only wins when it is the longer by far.
 */
function widerJsonLdBody(text: string, metadata: PageMetadata): { text: string; html: string } | undefined {
  const fromJsonLd = jsonLdParagraphs(metadata);
  if (!fromJsonLd || readingLength(fromJsonLd.text) < MIN_ARTICLE_CHARS) return undefined;
  return readingLength(fromJsonLd.text) > 2 * readingLength(text) ? fromJsonLd : undefined;
}

function jsonLdParagraphs(metadata: PageMetadata): { text: string; html: string } | undefined {
  const body = metadata.jsonLd.article?.articleBody;
  if (!body) return undefined;
  const paragraphs = body
    .split(/\n\s*\n|\r?\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p !== "");
  return { text: paragraphs.join("\n\n"), html: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("") };
}

// The paragraphs under one parent with the most text that reads as sentences. Links are not held against them:
// a deals post or a round-up links half its words and is still the article.
function mainRun(blocks: Block[]): Block[] {
  const byParent = new Map<Element | null, Block[]>();
  for (const block of blocks) {
    if (!readsAsSentence(block)) continue;
    const parent = block.element.parent as Element | null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), block]);
  }
  let best: Block[] = [];
  let bestChars = 0;
  for (const run of byParent.values()) {
    const chars = run.reduce((sum, b) => sum + b.text.length, 0);
    if (chars > bestChars) {
      best = run;
      bestChars = chars;
    }
  }
  const seen = new Set<string>();
  return best.filter((b) => !seen.has(b.text) && seen.add(b.text));
}

function readsAsSentence(block: Block): boolean {
  if (block.kind !== "p" && block.kind !== "li" && block.kind !== "quote") return false;
  if (isBoilerplateText(block.text)) return false;
  return block.text.length >= 80 || (block.text.length >= 25 && /[.!?。！？]["”»’)]?$/.test(block.text));
}
