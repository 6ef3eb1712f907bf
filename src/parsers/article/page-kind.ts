// What kind of page this is: an article, a listing of several stories, a paywall stub, an empty shell, or not
// HTML at all. The pipeline keeps the feed summary for every status but "ok", so a wrong "ok" costs readers most.
import type { ExtractionStatus } from "../../model.ts";
import type { Block } from "./blocks.ts";
import type { PageMetadata } from "./metadata.ts";

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;
export const MIN_ARTICLE_CHARS = 250;
const LISTING_TYPES = ["collectionpage", "itemlist", "searchresultspage", "profilepage"];

export function looksLikeNonHtml(body: string, contentType?: string): boolean {
  const type = contentType?.split(";")[0].trim();
  if (type && !HTML_TYPES.test(type) && !/xml/i.test(type)) return true;
  const head = body.slice(0, 1024).trimStart();
  if (head.startsWith("%PDF") || head.startsWith("{") || head.startsWith("[")) return true;
  if (head.includes("\u0000")) return true; // binary: images, archives, UTF-16 that nobody decoded
  return body.length > 0 && !/<[a-z!]/i.test(body.slice(0, 65_536));
}

interface PageFacts {
  paywallMarkup: boolean;
  text: string;
  blocks: Block[];
  /** Every block of the cleaned page, for teasers spread over containers the article selection left out. */
  pageBlocks: Block[];
  metadata: PageMetadata;
}

export function classifyPage(facts: PageFacts): ExtractionStatus {
  if (isListing(facts)) return "listing";
  // Paywall class names also sit in the login bar of sites whose short news is free: they only explain an
  // empty page. The article's own declaration or a "subscribe to continue" prompt also condemns a teaser.
  const declared = facts.metadata.jsonLd.article?.isAccessibleForFree === false || endsWithPaywallPrompt(facts.blocks);
  const length = readingLength(facts.text);
  if (length < MIN_ARTICLE_CHARS) return declared || facts.paywallMarkup ? "paywalled" : "no-article";
  if (declared && length < PAYWALL_TEASER_CHARS) return "paywalled";
  return "ok";
}

// Han, kana and hangul say in one character what alphabets say in about three.
export function readingLength(text: string): number {
  const dense = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  return text.length + 2 * dense;
}

// A page that says it is paywalled and still shows this much text is a metered page that let us in.
const PAYWALL_TEASER_CHARS = 1500;
const PAYWALL_PROMPT =
  /\b(subscribe|sign in|log in|register)\b.{0,40}\b(continue|keep) reading\b|\b(to|for) (subscribers|members) only\b|\balready (a )?(subscriber|member)\b|\bthis (article|story|content) is (only )?(available|reserved) (to|for) (subscribers|members)\b/i;

function endsWithPaywallPrompt(blocks: Block[]): boolean {
  return blocks.slice(-4).some((block) => block.text.length < 300 && PAYWALL_PROMPT.test(block.text));
}

/** Paywall markup seen in the raw page: class names of the common paywall vendors and CMS. */
export function hasPaywallMarkup(html: string): boolean {
  return /class="[^"]*\b(paywall|piano-offer|subscriber-only|premium-content|meteredContent)\b/i.test(html);
}

function isListing({ blocks, pageBlocks, text, metadata }: PageFacts): boolean {
  const types = metadata.jsonLd.types;
  if (metadata.jsonLd.article?.kind === "article") return false;
  if (LISTING_TYPES.some((t) => types.has(t))) return true;
  const needed = metadata.ogType === "article" ? 5 : 3;
  if (storyTeasers(blocks).count >= needed) return true;
  // Cards in separate boxes (a category page of <article>s): the selection picks one card, so the page is judged
  // whole, and only when its teasers outweigh what was taken for the article (an article with a row of
  // "more stories" cards under it stays an article).
  const page = storyTeasers(pageBlocks);
  return page.count >= needed && page.chars > text.length;
}

// A listing shows each story as a linked heading followed by its teaser or text. An article's "read more" box
// has linked headings too, but nothing to read under them.
function storyTeasers(blocks: Block[]): { count: number; chars: number } {
  let count = 0;
  let chars = 0;
  blocks.forEach((block, i) => {
    if (block.kind !== "heading" || block.linkChars < 0.8 * block.text.replace(/\s+/g, "").length) return;
    const next = blocks.slice(i + 1, i + 4).find((b) => b.kind !== "figure");
    if (next && next.kind === "p" && next.text.length >= 80 && next.linkChars < 0.2 * next.text.length) {
      count++;
      chars += next.text.length;
    }
  });
  return { count, chars };
}
