import { Queue, QueueEvents, type ConnectionOptions, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import type { RedisConnection } from "./connection.ts";
import { reviveFinishedJobs, type FinishedState } from "./requeue.ts";
import { log } from "../log.ts";

/** The payload of each queue, declared once for producers and workers. */
export interface JobPayloads {
  "poll-source": { sourceId: string; force: boolean };
  // The source id rides along so the job boundary can label logs and metrics without a query; jobs enqueued by
  // the recovery sweep (or by an older version) have none and are looked up.
  "fetch-article": { articleId: string; sourceId?: string };
  "curate-article": { articleId: string; sourceId?: string };
  reclassify: { since?: string };
  /** Rebuild every published feed; debounced, see publish-job.ts. */
  "publish-feeds": { reason: string };
  /** Re-enqueues articles whose pipeline stopped (of these sources, or of all). */
  "recover-articles": { sourceIds?: string[] };
  /** The weekly digest; without a week, the one that just ended. */
  digest: { week?: string };
}

export type QueueName = keyof JobPayloads;
export const QUEUE_NAMES: QueueName[] = [
  "poll-source",
  "fetch-article",
  "curate-article",
  "reclassify",
  "publish-feeds",
  "recover-articles",
  "digest",
];

/** A job another job caused; `ingest --wait` follows these to know when a poll's work is done. */
export interface FollowUp {
  queue: QueueName;
  jobId: string;
}

export interface QueueSettings {
  prefix: string;
  /** First retry delay; later retries double it. */
  retryDelayMs: number;
  /** How long a worker's hold on a job lasts without renewal: a crashed worker's jobs run again after this. */
  lockDurationMs: number;
  /** How often the recovery sweep looks for articles whose pipeline stopped; default 5 minutes. */
  recoveryEveryMs?: number;
}

export const DEFAULT_QUEUE_SETTINGS: Required<QueueSettings> = {
  prefix: "silkwire",
  retryDelayMs: 30_000,
  lockDurationMs: 30_000,
  recoveryEveryMs: 300_000,
};

// Completed and failed jobs are kept for a day (bounded in count) so Redis memory stays flat.
const RETENTION = {
  removeOnComplete: { age: 86_400, count: 10_000 },
  removeOnFail: { age: 7 * 86_400, count: 10_000 },
};

// A reclassify run is long and started by an operator, so it is not retried by itself. The recovery
// sweep is retried like the pipeline's jobs: one that ran into a Postgres restart would otherwise stay a failed job
// until the next sweep, minutes later.
export function jobOptions(queue: QueueName, settings: QueueSettings): JobsOptions {
  const attempts = queue === "fetch-article" ? 4 : queue === "reclassify" ? 1 : 3;
  return { attempts, backoff: { type: "exponential", delay: settings.retryDelayMs }, ...RETENTION };
}

export type Queues = Record<QueueName, Queue>;

/** A job for queue Q with its declared payload type; producers add jobs only through this. */
export interface JobSpec<Q extends QueueName> {
  data: JobPayloads[Q];
  jobId: string;
}

/**
 * Adds jobs; an id that already belongs to a failed job retries that job (adding it would do nothing). The
 * recovery sweep also passes "completed": its articles are unfinished, whatever an earlier job reported.
 */
export async function addJobs<Q extends QueueName>(
  queues: Queues,
  queue: Q,
  jobs: Array<JobSpec<Q>>,
  revive: FinishedState[] = ["failed"],
): Promise<void> {
  if (!jobs.length) return;
  await reviveFinishedJobs(
    queues[queue],
    jobs.map((j) => j.jobId),
    revive,
  );
  await queues[queue].addBulk(jobs.map(({ data, jobId }) => ({ name: queue, data, opts: { jobId } })));
}

export function openQueues(connection: ConnectionOptions, settings: QueueSettings): Queues {
  const open = (name: QueueName) => {
    const queue = new Queue(name, {
      connection,
      prefix: settings.prefix,
      defaultJobOptions: jobOptions(name, settings),
    });
    // Without a listener BullMQ prints each connection error's stack (many lines per second while Redis restarts);
    // the connection reconnects by itself, so one log line each is enough.
    queue.on("error", (err) => log.warn({ queue: name, err: err.message }, `queue ${name}: ${err.message}`));
    return queue;
  };
  return {
    "poll-source": open("poll-source"),
    "fetch-article": open("fetch-article"),
    "curate-article": open("curate-article"),
    reclassify: open("reclassify"),
    "publish-feeds": open("publish-feeds"),
    "recover-articles": open("recover-articles"),
    digest: open("digest"),
  };
}

/**
 * Opens a reader of each queue's events that starts where each event stream ends now. BullMQ's default start
 * ("$", whatever arrives after the reader's next read) loses an event that lands before the reader's first read or
 * between two blocking reads: a quick job finished there, and `ingest --wait` waited for it forever (seen in CI).
 * Open these before adding the jobs to wait for.
 */
export async function openQueueEvents(
  queues: Queues,
  connection: RedisConnection,
  settings: QueueSettings,
  { autorun = true }: { autorun?: boolean } = {},
): Promise<Record<QueueName, QueueEvents>> {
  const streamEnds = await lastEventIds(
    connection,
    QUEUE_NAMES.map((name) => queues[name].keys.events),
  );
  const entries = QUEUE_NAMES.map(
    (name, i) =>
      [
        name,
        new QueueEvents(name, { connection, prefix: settings.prefix, lastEventId: streamEnds[i], autorun }),
      ] as const,
  );
  return Object.fromEntries(entries) as Record<QueueName, QueueEvents>;
}

/** The id of each stream's last entry ("0-0" for a stream not yet created: everything it will hold is new). */
async function lastEventIds(connection: RedisConnection, streamKeys: string[]): Promise<string[]> {
  // BullMQ's client interface has no XREVRANGE, so one short-lived connection of our own reads them.
  const redis = new Redis(connection);
  redis.on("error", () => {}); // it reconnects by itself, and the queues already log an outage
  try {
    const pipeline = redis.pipeline();
    for (const key of streamKeys) pipeline.xrevrange(key, "+", "-", "COUNT", 1);
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([err, entries]) => {
      if (err) throw err;
      return (entries as Array<[string, string[]]>)[0]?.[0] ?? "0-0";
    });
  } finally {
    redis.disconnect();
  }
}

export async function closeAll(closables: Iterable<{ close(): Promise<unknown> }>): Promise<void> {
  await Promise.allSettled([...closables].map((c) => c.close()));
}

/** Deterministic job ids: enqueueing the same work twice (a retried poll) adds it once. */
export const jobIds = {
  fetchArticle: (articleId: string) => `fetch-${articleId}`,
  curateArticle: (articleId: string) => `curate-${articleId}`,
  poll: (sourceId: string, runId: string) => `poll-${sourceId}-${runId}`,
  recover: (runId: string) => `recover-${runId}`,
};
