// Article extraction: HTML string and its URL in, ExtractedArticle out. Pure. Any page htmlparser2 can read yields a
// status; a page beyond the size and depth limits, or one that breaks the extractor, is a ParseError naming why, so
// the caller records it instead of taking it for a page without an article.
import type { ExtractedArticle } from "../../model.ts";
import { ParseError } from "../errors.ts";
import { HtmlLimitError, PAGE_HTML_LIMITS } from "../html-limits.ts";
import { collectBlocks } from "./blocks.ts";
import { removeBoilerplate } from "./clean.ts";
import { selectContainers } from "./content.ts";
import { attr, findFirst, parseHtml, type Document, type Element } from "./dom.ts";
import { settleArticle } from "./fallback.ts";
import { filterBlocks } from "./filter.ts";
import { detectLanguage } from "./language.ts";
import { readMetadata, type PageMetadata } from "./metadata.ts";
import { classifyPage, hasPaywallMarkup, looksLikeNonHtml } from "./page-kind.ts";
import { renderHtml, renderText } from "./render.ts";
import { absoluteUrl } from "./urls.ts";

export interface ExtractOptions {
  contentType?: string;
}

/**
 * Pages longer than PAGE_HTML_LIMITS.maxChars are cut there (the article is at the top; the rest of such a page is
 * data dumps or endless comments, and parsing it would cost seconds). Throws ParseError, never anything else.
 */
export function extractArticle(html: string, url: string, options: ExtractOptions = {}): ExtractedArticle {
  if (typeof html !== "string" || looksLikeNonHtml(html, options.contentType)) return empty("not-html");
  const max = PAGE_HTML_LIMITS.maxChars;
  try {
    return extractFromHtml(html.length > max ? html.slice(0, max) : html, url);
  } catch (error) {
    const reason = error instanceof HtmlLimitError ? error.message : `extraction failed: ${String(error)}`;
    throw new ParseError(url, reason, { cause: error });
  }
}

function extractFromHtml(html: string, url: string): ExtractedArticle {
  const doc = parseHtml(html);
  const metadata = readMetadata(doc, url);
  const body = findFirst(doc, (el) => el.name === "body") ?? findFirst(doc, (el) => el.name === "html");
  if (!body) return withMetadata(empty("no-article"), metadata);
  removeBoilerplate(body);
  const blocks = collectBlocks(body, baseUrl(doc, url) ?? metadata.canonicalUrl ?? url);
  const containers = selectContainers(blocks);
  const chosen = blocks.filter((block) => containers.some((c) => c === block.element || isInside(block.element, c)));
  const kept = filterBlocks(chosen, metadata);
  const text = renderText(kept);
  const status = classifyPage({
    text,
    blocks: chosen,
    pageBlocks: blocks,
    metadata,
    paywallMarkup: hasPaywallMarkup(html),
  });
  const settled = settleArticle({ status, text, kept, pageBlocks: blocks, metadata });
  const article: ExtractedArticle = {
    status: settled.status,
    text: settled.text,
    html: settled.html ?? renderHtml(settled.blocks, url),
  };
  const lang = metadata.lang ?? detectLanguage(settled.text);
  return withMetadata({ ...article, lang }, metadata);
}

// Relative links resolve against <base href> when the page has one, else against the page's own address.
function baseUrl(doc: Document, url: string): string | undefined {
  const base = findFirst(doc, (el) => el.name === "base" && attr(el, "href") !== "");
  const href = base ? absoluteUrl(attr(base, "href"), url) : undefined;
  return href ?? (url || undefined);
}

function isInside(node: Element, container: Element): boolean {
  for (let p = node.parent; p; p = p.parent) if (p === container) return true;
  return false;
}

function empty(status: ExtractedArticle["status"]): ExtractedArticle {
  return { status, text: "", html: "" };
}

function withMetadata(article: ExtractedArticle, metadata: PageMetadata): ExtractedArticle {
  const fields = {
    title: metadata.title,
    byline: metadata.byline,
    publishedAt: metadata.publishedAt,
    modifiedAt: metadata.modifiedAt,
    lang: article.lang ?? metadata.lang,
    siteName: metadata.siteName,
    canonicalUrl: metadata.canonicalUrl,
    image: metadata.image,
  };
  const result: ExtractedArticle = { ...article };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(result, { [key]: value });
  return result;
}
