import type { Fetcher } from "../fetch/fetcher.ts";
import { FetchError } from "../fetch/fetch-error.ts";
import { decodeBody } from "../parsers/charset.ts";
import { createThreadedExtractor, type ThreadedExtractor } from "./extract-in-thread.ts";
import { ParseError } from "../parsers/errors.ts";
import type { ExtractedArticle, TextStatus } from "../model.ts";
import type { Db } from "../store/client.ts";
import {
  getArticleToFetch,
  saveArticlePage,
  type ArticleToFetch,
  type ArticleUpdate,
} from "../store/articles-store.ts";
import { parseLooseDate } from "../parsers/dates.ts";

export interface FetchArticleDeps {
  db: Db;
  fetcher: Fetcher;
  /** Where pages are extracted; by default one worker thread shared by the process. */
  extractor?: ThreadedExtractor;
}

let sharedExtractor: ThreadedExtractor | undefined;

/**
 * Stops the process's extraction thread for good (a stopping worker, before it exits). Bounded: a thread that does
 * not stop in time is left to the exit. Node joins every worker thread on exit, and a thread started while the
 * process tears down can hold that join forever: a page that failed during shutdown must not start a new one.
 */
export async function closeSharedExtractor(timeoutMs = 2_000): Promise<void> {
  const extractor = sharedExtractor;
  if (!extractor) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    extractor.close(),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref())),
  ]);
  clearTimeout(timer);
}

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;

/**
 * Fetches an article's page and stores what the extractor makes of it. When the page gives no article (paywall,
 * not HTML, gone), the status says so and the feed's summary stays as the text. Returns the extraction status.
 * Transient fetch errors are rethrown for a retry unless this is the last attempt. A page the extractor cannot read
 * (beyond the size or depth limits) is stored as "no-article" with the reason in extractError: a retry would not
 * change the page.
 */
export async function fetchArticlePage(
  articleId: string,
  deps: FetchArticleDeps,
  lastAttempt = true,
): Promise<TextStatus | "gone"> {
  const article = await getArticleToFetch(deps.db, articleId);
  if (!article) return "gone";
  if (article.stage !== "listed") return article.extractStatus; // already done by an earlier run of this job
  try {
    const response = await deps.fetcher.fetch({
      url: article.url,
      accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    });
    const contentType = response.contentType ?? "";
    const extractor = deps.extractor ?? (sharedExtractor ??= createThreadedExtractor());
    const extracted: ExtractedArticle =
      contentType && !HTML_TYPES.test(contentType)
        ? { status: "not-html", text: "", html: "" }
        : await extractor.extract(decodeBody(response.body, contentType).text, response.url, contentType);
    await saveArticlePage(deps.db, articleId, toUpdate(extracted, article));
    return extracted.status;
  } catch (err) {
    if (err instanceof ParseError) {
      const text = article.text ?? article.summary ?? undefined;
      await saveArticlePage(deps.db, articleId, { extractStatus: "no-article", extractError: err.message, text });
      return "no-article";
    }
    if (!(err instanceof FetchError)) throw err;
    if (err.retryable && !lastAttempt) throw err;
    await saveArticlePage(deps.db, articleId, {
      extractStatus: "fetch-failed",
      text: article.text ?? article.summary ?? undefined,
    });
    return "fetch-failed";
  }
}

type StoredFields = Pick<ArticleToFetch, "title" | "author" | "publishedAt" | "language" | "text" | "summary">;

function toUpdate(page: ExtractedArticle, stored: StoredFields): ArticleUpdate {
  if (page.status !== "ok") return { extractStatus: page.status, text: stored.text ?? stored.summary ?? undefined };
  return {
    extractStatus: "ok",
    // The feed's own fields win where it has them: they are what the outlet published for syndication.
    title: stored.title && !/^https?:\/\//.test(stored.title) ? undefined : page.title,
    author: stored.author ?? page.byline,
    publishedAt: stored.publishedAt ?? parseLooseDate(page.publishedAt),
    modifiedAt: parseLooseDate(page.modifiedAt),
    language: stored.language ?? page.lang,
    text: page.text,
    html: page.html,
    image: page.image,
    siteName: page.siteName,
  };
}
