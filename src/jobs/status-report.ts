// What `silkwire status` shows: each source's health and next poll, the queues, recent failures, the articles the
// pipeline gave up on, the last feed build. Read from Postgres and Redis as they are now, so it is true whichever
// process does the work.
import type { SourceConfig } from "../model.ts";
import type { Db } from "../store/client.ts";
import {
  failedArticles,
  type FailedArticle,
  lastDigest,
  lastFeedBuild,
  type DigestRecord,
  sourceStatusRows,
  type FeedBuildRecord,
  type SourceStatusRow,
} from "../store/operator-store.ts";
import { backoffUntil } from "../ingest/poll-source.ts";
import { queueDepths, recentFailures, scheduledPolls, type FailedJob, type QueueDepth } from "./queue-status.ts";
import type { Queues } from "./queues.ts";

export type SourceState = "ok" | "failing" | "paused" | "disabled" | "never polled";

export interface SourceStatus extends SourceStatusRow {
  state: SourceState;
  /** When the next poll will really fetch: the scheduler's next run, after any failure backoff; null if none. */
  nextPollAt: Date | null;
}

export interface StatusReport {
  generatedAt: Date;
  sources: SourceStatus[];
  queues: QueueDepth[];
  failedJobs: FailedJob[];
  /** Articles the pipeline gave up on: how many, and the most recent with why. */
  failedArticles: { total: number; recent: FailedArticle[] };
  lastFeedBuild: FeedBuildRecord | null;
  lastDigest: DigestRecord | null;
}

export async function statusReport(db: Db, queues: Queues, configured: SourceConfig[]): Promise<StatusReport> {
  const [rows, depths, failedJobs, failed, schedules, feedBuild, digest] = await Promise.all([
    sourceStatusRows(db),
    queueDepths(queues),
    recentFailures(queues),
    failedArticles(db),
    scheduledPolls(queues),
    lastFeedBuild(db),
    lastDigest(db),
  ]);
  const everyMs = new Map(configured.map((s) => [s.id, s.everyMs]));
  const sources = rows.map((row) => ({
    ...row,
    state: stateOf(row),
    nextPollAt: nextPoll(row, schedules.get(row.id), everyMs.get(row.id)),
  }));
  return {
    generatedAt: new Date(),
    sources,
    queues: depths,
    failedJobs,
    failedArticles: failed,
    lastFeedBuild: feedBuild,
    lastDigest: digest,
  };
}

function stateOf(row: SourceStatusRow): SourceState {
  if (!row.enabled) return "disabled";
  if (row.pausedAt) return "paused";
  if (row.consecutiveFailures > 0) return "failing";
  return row.lastPolledAt ? "ok" : "never polled";
}

/**
 * The scheduler fires every `everyMs`; ticks before the end of a failure backoff, or before the time the server
 * asked for (Retry-After, max-age), are skipped.
 */
function nextPoll(row: SourceStatusRow, scheduled: Date | undefined, everyMs: number | undefined): Date | null {
  if (!row.enabled || row.pausedAt || !scheduled) return null;
  const backoff = everyMs ? backoffUntil(row, everyMs)?.getTime() : undefined;
  const until = Math.max(backoff ?? 0, row.pollNotBefore?.getTime() ?? 0);
  if (!everyMs || until <= scheduled.getTime()) return scheduled;
  const ticks = Math.ceil((until - scheduled.getTime()) / everyMs);
  return new Date(scheduled.getTime() + ticks * everyMs);
}
