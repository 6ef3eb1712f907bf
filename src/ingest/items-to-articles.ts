import type { FeedItem, SourceConfig } from "../model.ts";
import { canonicalizeUrl } from "../parsers/canonical-url.ts";
import { sanitizeArticleHtml } from "../parsers/sanitize.ts";
import { htmlToParagraphs } from "../parsers/text.ts";
import type { NewArticle } from "../store/articles-store.ts";

// Below this much text a feed item is a teaser, and a source without an explicit fullText fetches the page.
const TEASER_MAX_CHARS = 600;

/** Turns parsed items into rows to store, one per canonical URL (the first occurrence in the document wins). */
export function itemsToArticles(items: FeedItem[], source: SourceConfig): NewArticle[] {
  const byUrl = new Map<string, NewArticle>();
  for (const item of items) {
    const url = canonicalizeUrl(item.url);
    if (byUrl.has(url)) continue;
    const html = item.contentHtml ? sanitizeArticleHtml(item.contentHtml, item.url) : undefined;
    byUrl.set(url, {
      url,
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
    });
  }
  return [...byUrl.values()];
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
