// What kind of page this is: an article, a listing of several stories, a paywall stub, an empty shell, or not
// HTML at all. The pipeline keeps the feed summary for every status but "ok", so a wrong "ok" costs readers most.
import type { ExtractionStatus } from "../../model.ts";
import type { Block } from "./blocks.ts";
import { attr, findAll, isTag, type Element } from "./dom.ts";
import type { PageMetadata } from "./metadata.ts";

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;
const MIN_ARTICLE_CHARS = 250;
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
  text: string;
  blocks: Block[];
  containers: Element[];
  metadata: PageMetadata;
}

export function classifyPage(facts: PageFacts): ExtractionStatus {
  if (isListing(facts)) return "listing";
  const paywalled = facts.metadata.jsonLd.article?.isAccessibleForFree === false;
  if (facts.text.length < MIN_ARTICLE_CHARS) return paywalled ? "paywalled" : "no-article";
  if (paywalled && facts.text.length < 1500) return "paywalled";
  return "ok";
}

function isListing({ containers, metadata }: PageFacts): boolean {
  const types = metadata.jsonLd.types;
  const declaresArticle = metadata.jsonLd.article !== undefined && !types.has("webpage") || metadata.ogType === "article";
  if (!declaresArticle && LISTING_TYPES.some((t) => types.has(t))) return true;
  if (declaresArticle) return false;
  return containers.some((container) => countLinkedStoryHeadings(container, metadata.canonicalUrl) >= 3);
}

// Story cards: a heading whose text is a link to another page. An article links its sources inside paragraphs;
// a listing links each story from its heading.
function countLinkedStoryHeadings(container: Element, selfUrl: string | undefined): number {
  const targets = new Set<string>();
  for (const heading of findAll(container, (el) => /^h[1-4]$/.test(el.name))) {
    const link = heading.children.find((c): c is Element => isTag(c) && c.name === "a") ?? enclosingLink(heading);
    const href = link ? attr(link, "href") : "";
    if (href && !href.startsWith("#") && href !== selfUrl) targets.add(href);
  }
  return targets.size;
}

function enclosingLink(el: Element): Element | undefined {
  for (let p = el.parent; p && isTag(p); p = p.parent) if (p.name === "a") return p;
  return undefined;
}
