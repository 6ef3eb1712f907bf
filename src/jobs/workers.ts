import { hostname } from "node:os";
import { Worker } from "bullmq";
import type { ConnectionOptions, Processor, WorkerOptions } from "bullmq";
import {
  curateArticleProcessor,
  fetchArticleProcessor,
  pollSourceProcessor,
  reclassifyProcessor,
  recoverArticlesProcessor,
  type JobDeps,
} from "./processors.ts";
import type { QueueSettings } from "./queues.ts";
import { publishFeedsProcessor } from "./publish-job.ts";
import { observeJob } from "./observe-job.ts";
import { sourceOfArticle } from "../store/operator-store.ts";

export interface WorkerConcurrency {
  poll: number;
  fetch: number;
  curate: number;
}

/**
 * One curation at a time per process (SILKWIRE_CURATE_CONCURRENCY changes it): curation is CPU work in the process's
 * one JavaScript thread, and curations running at once over one story make each other decide again
 * (src/ingest/curate-article.ts). More worker processes are what use more cores. On the 2,000-article bench (2
 * cores): 1 worker curating 2 at once did 24 articles/s and 2 such workers 24 (46 ms of worker CPU an article,
 * against 34); 1 at once, 21 and 29 (37 ms).
 */
export const DEFAULT_CONCURRENCY: WorkerConcurrency = { poll: 4, fetch: 8, curate: 1 };

/** Starts one worker per queue in this process. Politeness per host is the fetcher's job, not the queue's. */
export function startWorkers(
  deps: JobDeps,
  connection: ConnectionOptions,
  settings: QueueSettings,
  concurrency: WorkerConcurrency = DEFAULT_CONCURRENCY,
  onError: (queue: string, err: Error) => void = () => {},
): Worker[] {
  const common = {
    // Recorded on each job as processedBy: which process ran it, when several share the queues.
    name: `${hostname()}:${process.pid}`,
    connection,
    prefix: settings.prefix,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.lockDurationMs,
  };
  // Every processor runs through the job boundary: one log line and the metrics per job.
  const sourceOf = (articleId: string) => sourceOfArticle(deps.db, articleId);
  const observed = (name: string, processor: Processor, options: WorkerOptions) =>
    new Worker(name, observeJob(processor, sourceOf), options);
  const workers = [
    observed("poll-source", pollSourceProcessor(deps), { ...common, concurrency: concurrency.poll }),
    observed("fetch-article", fetchArticleProcessor(deps), { ...common, concurrency: concurrency.fetch }),
    observed("curate-article", curateArticleProcessor(deps), { ...common, concurrency: concurrency.curate }),
    observed("reclassify", reclassifyProcessor(deps), { ...common, concurrency: 1 }),
    ...(deps.publishFeeds
      ? [observed("publish-feeds", publishFeedsProcessor(deps.publishFeeds), { ...common, concurrency: 1 })]
      : []),
    observed("recover-articles", recoverArticlesProcessor(deps), { ...common, concurrency: 1 }),
  ];
  for (const worker of workers) worker.on("error", (err) => onError(worker.name, err));
  return workers;
}
