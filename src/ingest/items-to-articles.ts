import type { DroppedItem, FeedItem, SourceConfig } from "../model.ts";
import { canonicalizeUrl, cleanLink } from "../parsers/canonical-url.ts";
import { ItemError, droppedBecause, itemLabel } from "../parsers/errors.ts";
import { breather } from "../parsers/breather.ts";
import { sanitizeArticleHtml } from "../parsers/sanitize.ts";
import { htmlToParagraphs } from "../parsers/text.ts";
import type { NewArticle } from "../store/articles-store.ts";

// Below this much text a feed item is a teaser, and a source without an explicit fullText fetches the page.
const TEASER_MAX_CHARS = 600;
// Postgres refuses btree index entries over about 2.7 KB, and one such row would fail the whole insert.
const MAX_KEY_CHARS = 2048;
// A document with more items than this is an archive dump or a loop, not a news feed; the newest are what we want.
const DEFAULT_MAX_ITEMS = 500;

export interface ArticlesFromItems {
  articles: NewArticle[];
  dropped: DroppedItem[];
}

/**
 * Turns parsed items into rows to store: the newest `source.maxItems` by date, one per canonical key and per GUID
 * (the first occurrence in the document wins). An item that cannot be stored is dropped with its reason, alone.
 */
export async function itemsToArticles(items: FeedItem[], source: SourceConfig): Promise<ArticlesFromItems> {
  const { kept, dropped } = newest(items, source.maxItems ?? DEFAULT_MAX_ITEMS);
  const byKey = new Map<string, NewArticle>();
  const guids = new Set<string>();
  const breathe = breather();
  for (const item of kept) {
    await breathe();
    try {
      const article = toArticle(item, source);
      if (byKey.has(article.canonicalKey)) throw new ItemError(article.url, "same link as an earlier item");
      if (article.guid && guids.has(article.guid)) throw new ItemError(article.url, "GUID repeats an earlier item");
      byKey.set(article.canonicalKey, article);
      if (article.guid) guids.add(article.guid);
    } catch (error) {
      dropped.push(droppedBecause(itemLabel(item.guid, item.url), error));
    }
  }
  return { articles: [...byKey.values()], dropped };
}

function toArticle(item: FeedItem, source: SourceConfig): NewArticle {
  if (item.url.length > MAX_KEY_CHARS) throw new ItemError(item.url, `URL longer than ${MAX_KEY_CHARS} characters`);
  if (item.guid && item.guid.length > MAX_KEY_CHARS)
    throw new ItemError(item.guid, `GUID longer than ${MAX_KEY_CHARS} characters`);
  const html = item.contentHtml ? sanitizeArticleHtml(item.contentHtml, item.url) : undefined;
  return {
    url: cleanLink(item.url),
    canonicalKey: canonicalizeUrl(item.url),
    originalUrl: item.url,
    guid: item.guid,
    sourceId: source.id,
    title: item.title.slice(0, 1000),
    author: item.author?.slice(0, 300),
    publishedAt: item.publishedAt,
    language: item.language ?? source.language,
    summary: item.summary?.slice(0, 5000),
    text: html ? htmlToParagraphs(html) || undefined : undefined,
    html: html || undefined,
  };
}

/** The newest `max` items by date (undated ones after dated, in document order), and a record of the rest. */
function newest(items: FeedItem[], max: number): { kept: FeedItem[]; dropped: DroppedItem[] } {
  if (items.length <= max) return { kept: items, dropped: [] };
  const time = (item: FeedItem) => item.publishedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const ranked = items.map((item, index) => ({ item, index }));
  ranked.sort((a, b) => time(b.item) - time(a.item) || a.index - b.index);
  const kept = ranked.slice(0, max).sort((a, b) => a.index - b.index);
  const left = items.length - max;
  return {
    kept: kept.map((r) => r.item),
    dropped: [{ item: `${left} older items`, reason: `beyond the newest ${max} items of the document (maxItems)` }],
  };
}

/** Whether the article page must be fetched to get the full text. */
export function needsPageFetch(article: NewArticle, source: SourceConfig): boolean {
  if (!source.fullTextAuto) return source.fullText;
  return source.type === "html" || (article.text?.length ?? 0) < TEASER_MAX_CHARS;
}

/** Marks the articles whose text is complete from the feed, so the pipeline knows no page fetch is pending. */
export function markFeedComplete(articles: NewArticle[], source: SourceConfig): NewArticle[] {
  return articles.map((a) => (needsPageFetch(a, source) ? a : { ...a, extractStatus: "feed" }));
}
