import { UnrecoverableError, type Job } from "bullmq";
import type { DroppedItem, PollStatus, SourceConfig } from "../model.ts";
import type { Fetcher } from "../fetch/fetcher.ts";
import { FetchError } from "../fetch/fetch-error.ts";
import { ParseError } from "../parsers/errors.ts";
import type { Db } from "../store/client.ts";
import { pollSource } from "../ingest/poll-source.ts";
import { fetchArticlePage } from "../ingest/fetch-article.ts";
import { requestFeedRebuild } from "./publish-job.ts";
import { recoverArticles } from "../ingest/recover-articles.ts";
import { articleFollowUps, articleJobsIn, enqueueArticleJobs } from "./article-jobs.ts";
import type { FollowUp, JobPayloads, Queues } from "./queues.ts";

export interface JobDeps {
  db: Db;
  fetcher: Fetcher;
  queues: Queues;
  /** A configured source; throws (a retryable error) for one not in the configuration. */
  source: (sourceId: string) => Promise<SourceConfig>;
  pauseAfter: number;
  /** Dedup, story clustering and classification of one stored article. */
  curateArticle: (articleId: string) => Promise<void>;
  /** Classification and clustering again for every article (since a date), after a taxonomy change. */
  reclassify: (since: Date | undefined, onProgress: (done: number, total: number) => Promise<void>) => Promise<number>;
  /** Writes every published feed; when present, curated articles ask for a (debounced) rebuild. */
  publishFeeds?: () => Promise<unknown>;
  feedRebuildDelayMs?: number;
}

export interface PollJobResult {
  sourceId: string;
  status: PollStatus;
  reason?: string;
  itemsSeen: number;
  newItems: number;
  /** Items of the document that were not stored, with why (also on the poll's row). */
  dropped?: DroppedItem[];
  followUps: FollowUp[];
}

export function pollSourceProcessor(deps: JobDeps) {
  return async (job: Job<JobPayloads["poll-source"]>): Promise<PollJobResult> => {
    const source = await deps.source(job.data.sourceId);
    const force = job.data.force || job.attemptsMade > 0;
    const outcome = await failFastUnlessRetryable(() => pollSource(source, deps, force));
    const followUps = [
      ...(await enqueueArticleJobs(
        deps.queues,
        "fetch",
        outcome.toFetch.map((a) => a.id),
        { sourceId: source.id },
      )),
      ...(await enqueueArticleJobs(
        deps.queues,
        "curate",
        outcome.toCurate.map((a) => a.id),
        { sourceId: source.id },
      )),
    ];
    const { status, reason, itemsSeen, newItems, dropped } = outcome;
    return { sourceId: source.id, status, reason, itemsSeen, newItems, dropped, followUps };
  };
}

export function fetchArticleProcessor(deps: JobDeps) {
  return async (job: Job<JobPayloads["fetch-article"]>) => {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const status = await fetchArticlePage(job.data.articleId, deps, lastAttempt);
    const { articleId, sourceId } = job.data;
    const followUps =
      status === "gone" ? [] : await enqueueArticleJobs(deps.queues, "curate", [articleId], { sourceId });
    return { status, followUps };
  };
}

export function curateArticleProcessor(deps: JobDeps) {
  return async (job: Job<JobPayloads["curate-article"]>) => {
    await deps.curateArticle(job.data.articleId);
    if (deps.publishFeeds) await requestFeedRebuild(deps.queues, "curated", deps.feedRebuildDelayMs);
    return { followUps: [] as FollowUp[] };
  };
}

/**
 * One bounded sweep: starts the work of unfinished articles again where their job failed (out of retries),
 * completed without finishing them, or is gone, and gives up on those that keep failing. New articles never wait
 * for this: the poll enqueues them directly. The jobs still queued or running are follow-ups too, so `ingest
 * --wait` waits for what earlier runs left undone.
 */
export function recoverArticlesProcessor(deps: JobDeps) {
  return async (job: Job<JobPayloads["recover-articles"]>) => {
    const { restarted, inFlight, failed } = await recoverArticles(
      deps.db,
      articleJobsIn(deps.queues),
      job.data.sourceIds,
    );
    const followUps = [
      ...articleFollowUps("fetch", [...restarted.fetch, ...inFlight.fetch]),
      ...articleFollowUps("curate", [...restarted.curate, ...inFlight.curate]),
    ];
    const articles = restarted.fetch.length + restarted.curate.length;
    return { articles, articlesFailed: failed.length, followUps };
  };
}

export function reclassifyProcessor(deps: JobDeps) {
  return async (job: Job<JobPayloads["reclassify"]>) => {
    const since = job.data.since ? new Date(job.data.since) : undefined;
    const articles = await deps.reclassify(since, (done, total) => job.updateProgress({ done, total }));
    if (deps.publishFeeds) await requestFeedRebuild(deps.queues, "reclassified", deps.feedRebuildDelayMs);
    return { articles, followUps: [] as FollowUp[] };
  };
}

/**
 * Permanent failures (4xx, a blocked address, a document that is not a feed) are not retried now: the next
 * scheduled poll tries again. Timeouts, 5xx and database hiccups are retried with backoff.
 */
async function failFastUnlessRetryable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const permanent = err instanceof FetchError ? !err.retryable : err instanceof ParseError;
    throw permanent ? new UnrecoverableError((err as Error).message) : err;
  }
}
