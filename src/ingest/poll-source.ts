import type { DroppedItem, ParsedFeed, SourceConfig } from "../model.ts";
import type { FetchResult, Fetcher } from "../fetch/fetcher.ts";
import { FetchError } from "../fetch/fetch-error.ts";
import { parseMaxAge, parseRetryAfter } from "../fetch/wait-headers.ts";
import { decodeBody } from "../parsers/charset.ts";
import { parseFeed } from "../parsers/feed.ts";
import { parseListing } from "../parsers/listing.ts";
import { passesKeywordFilter } from "../parsers/keyword-filter.ts";
import type { Db } from "../store/client.ts";
import { insertNewArticles, type StoredArticleRef } from "../store/articles-store.ts";
import { recordPoll } from "../store/polls-store.ts";
import { getSourceHealth, recordPollFailure, recordPollSuccess, type SourceHealth } from "../store/sources-store.ts";
import { itemsToArticles, markFeedComplete } from "./items-to-articles.ts";

export interface PollDeps {
  db: Db;
  fetcher: Fetcher;
  /** Consecutive failures after which a source is paused. */
  pauseAfter: number;
  now?: () => Date;
}

export interface PollOutcome {
  status: "ok" | "not-modified" | "skipped";
  reason?: string;
  httpStatus?: number;
  itemsSeen: number;
  newItems: number;
  /** New articles whose page must be fetched for the full text. (Older unfinished ones: recover-articles.ts.) */
  toFetch: StoredArticleRef[];
  /** New articles whose text came complete in the feed, to be curated. */
  toCurate: StoredArticleRef[];
  /** Items of the document that were not stored, with why (also on the poll's row). */
  dropped: DroppedItem[];
}

const MAX_BACKOFF_MS = 24 * 3_600_000;

/**
 * A configured source without its row: the process that syncs the config to Postgres has not done so yet (or the
 * database was reset). Retrying is right: the row appears once that process runs, so this is not UnrecoverableError.
 */
export class SourceNotStoredError extends Error {
  readonly sourceId: string;

  constructor(sourceId: string) {
    super(`source "${sourceId}" is not in the database yet; silkwire start or migrate stores the configured sources`);
    this.name = "SourceNotStoredError";
    this.sourceId = sourceId;
  }
}

/**
 * One poll of one source: conditional fetch, parse, store what is new. Failures are recorded on the source and as a
 * poll row, then rethrown so the job layer can decide whether to retry. `force` (a manual ingest or a retry)
 * ignores the failure backoff, not a pause nor the server's Retry-After / Cache-Control max-age.
 */
export async function pollSource(source: SourceConfig, deps: PollDeps, force = false): Promise<PollOutcome> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const health = await getSourceHealth(deps.db, source.id);
  if (!health) throw new SourceNotStoredError(source.id);
  const skip = skipReason(health, source, startedAt, force);
  if (skip)
    return { status: "skipped", reason: skip, itemsSeen: 0, newItems: 0, toFetch: [], toCurate: [], dropped: [] };
  try {
    const response = await deps.fetcher.fetch({
      url: source.url,
      etag: health.etag,
      lastModified: health.lastModified,
    });
    const { stored, ...counts } = response.notModified
      ? notModified(response)
      : await storeItems(source, response, deps.db);
    await recordPollSuccess(deps.db, source.id, startedAt, {
      etag: response.etag,
      lastModified: response.lastModified,
      notBefore: waitUntil(startedAt, parseMaxAge(response.cacheControl)),
    });
    await recordPoll(deps.db, { sourceId: source.id, startedAt, finishedAt: now(), ...counts });
    return {
      ...counts,
      toFetch: stored.filter((a) => a.stage === "listed"),
      toCurate: stored.filter((a) => a.stage === "fetched"),
    };
  } catch (err) {
    const message = (err as Error).message;
    const httpStatus = (err as { status?: number }).status;
    const retryAfter =
      err instanceof FetchError ? waitUntil(startedAt, parseRetryAfter(err.retryAfter, startedAt)) : null;
    await recordPollFailure(deps.db, source.id, startedAt, message, deps.pauseAfter, retryAfter);
    await recordPoll(deps.db, {
      sourceId: source.id,
      startedAt,
      finishedAt: now(),
      status: "failed",
      httpStatus,
      itemsSeen: 0,
      newItems: 0,
      error: message,
    });
    throw err;
  }
}

function waitUntil(from: Date, ms: number | undefined): Date | null {
  return ms ? new Date(from.getTime() + ms) : null;
}

function skipReason(health: SourceHealth, source: SourceConfig, at: Date, force: boolean): string | undefined {
  if (health.pausedAt) return `paused: ${health.pausedReason ?? "no reason recorded"}`;
  // The server's own Retry-After or max-age binds even a manual ingest or a retry: it is the server's rule.
  if (health.pollNotBefore && at < health.pollNotBefore)
    return `the server asked not to be polled before ${health.pollNotBefore.toISOString()}`;
  if (force) return undefined;
  const until = backoffUntil(health, source.everyMs);
  return until && at < until
    ? `backing off after ${health.consecutiveFailures} failures until ${until.toISOString()}`
    : undefined;
}

/** Until when scheduled polls of a failing source are skipped: each further failure doubles the wait. */
export function backoffUntil(
  health: Pick<SourceHealth, "consecutiveFailures" | "lastPolledAt">,
  everyMs: number,
): Date | undefined {
  if (health.consecutiveFailures === 0 || !health.lastPolledAt) return undefined;
  const wait = Math.min(everyMs * 2 ** health.consecutiveFailures, MAX_BACKOFF_MS);
  return new Date(health.lastPolledAt.getTime() + wait);
}

type PollCounts = Omit<PollOutcome, "toFetch" | "toCurate"> & { stored: StoredArticleRef[] };

function notModified(response: FetchResult): PollCounts {
  return { status: "not-modified", httpStatus: response.status, itemsSeen: 0, newItems: 0, dropped: [], stored: [] };
}

async function storeItems(source: SourceConfig, response: FetchResult, db: Db): Promise<PollCounts> {
  const { text } = decodeBody(response.body, response.contentType);
  const parsed: ParsedFeed =
    source.type === "feed" ? await parseFeed(text, response.url) : parseListing(text, response.url, source.selectors!);
  const wanted = parsed.items.filter((item) => passesKeywordFilter(item, source.include, source.exclude));
  const { articles, dropped } = await itemsToArticles(wanted, source);
  const stored = await insertNewArticles(db, markFeedComplete(articles, source));
  return {
    status: "ok",
    httpStatus: response.status,
    itemsSeen: parsed.items.length + parsed.dropped.length,
    newItems: stored.length,
    dropped: [...parsed.dropped, ...dropped],
    stored,
  };
}
