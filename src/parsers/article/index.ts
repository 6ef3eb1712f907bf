// Article extraction: HTML string and its URL in, ExtractedArticle out. Pure and total: any input, however
// broken, yields a status and never an exception, because one odd page must not stop a poll.
import type { ExtractedArticle } from "../../model.ts";
import { collectBlocks } from "./blocks.ts";
import { removeBoilerplate } from "./clean.ts";
import { selectContainers } from "./content.ts";
import { attr, findFirst, parseHtml, type Document, type Element } from "./dom.ts";
import { filterBlocks } from "./filter.ts";
import { detectLanguage } from "./language.ts";
import { readMetadata, type PageMetadata } from "./metadata.ts";
import { classifyPage, hasPaywallMarkup, looksLikeNonHtml } from "./page-kind.ts";
import { renderHtml, renderText } from "./render.ts";
import { absoluteUrl } from "./urls.ts";

export interface ExtractOptions {
  contentType?: string;
}

// Pages beyond this are not articles (data dumps, endless feeds); parsing them would cost seconds.
const MAX_HTML_CHARS = 5_000_000;

export function extractArticle(html: string, url: string, options: ExtractOptions = {}): ExtractedArticle {
  if (typeof html !== "string" || looksLikeNonHtml(html, options.contentType)) return empty("not-html");
  try {
    return extractFromHtml(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html, url);
  } catch {
    // htmlparser2 accepts any string, so only a bug of ours lands here; the page counts as having no article
    // rather than stopping the poll. Tests feed garbage to keep this path unreachable.
    return empty("no-article");
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
  const article: ExtractedArticle = { status, text, html: renderHtml(kept, url) };
  const lang = metadata.lang ?? detectLanguage(text);
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
