// The job boundary: every job runs through here, so each one leaves one log line (queue, job id, source id,
// duration, outcome) and its metrics, and the fetches it makes know which source they are for.
import { AsyncLocalStorage } from "node:async_hooks";
import { UnrecoverableError, type Job } from "bullmq";
import { log } from "../log.ts";
import { articlesIngested, jobDuration, jobRetries } from "../metrics/registry.ts";

export interface JobContext {
  queue: string;
  jobId?: string;
  sourceId?: string;
}

const current = new AsyncLocalStorage<JobContext>();
/** Jobs running in this process with their lock tokens: what a shutdown that cannot wait hands back. */
const running = new Map<Job, string>();

export function runningJobs(): ReadonlyMap<Job, string> {
  return running;
}

/** The job this code runs for, if any (read by the instrumented fetcher for its source label). */
export function currentJob(): JobContext | undefined {
  return current.getStore();
}

type Processor<R> = (job: Job, token?: string) => Promise<R>;

/**
 * Wraps a processor. `sourceOf` names the source of an article's job (its payload has only the article id).
 * Errors are rethrown unchanged: BullMQ decides about retries.
 */
export function observeJob<R>(
  processor: Processor<R>,
  sourceOf: (articleId: string) => Promise<string | undefined> = async () => undefined,
): Processor<R> {
  return async (job, token) => {
    const started = performance.now();
    const queue = job.queueName;
    const context: JobContext = { queue, jobId: job.id, sourceId: await jobSource(job, sourceOf) };
    const attempt = job.attemptsMade + 1;
    if (attempt > 1) jobRetries.inc({ queue });
    if (token) running.set(job, token);
    try {
      const result = await current.run(context, () => processor(job, token));
      finished(context, attempt, started, "completed", result);
      return result;
    } catch (err) {
      const willRetry = !(err instanceof UnrecoverableError) && attempt < (job.opts.attempts ?? 1);
      finished(context, attempt, started, willRetry ? "retry" : "failed", undefined, err as Error);
      throw err;
    } finally {
      running.delete(job);
    }
  };
}

async function jobSource(job: Job, sourceOf: (articleId: string) => Promise<string | undefined>) {
  const data = (job.data ?? {}) as { sourceId?: string; articleId?: string };
  if (data.sourceId || !data.articleId) return data.sourceId;
  return sourceOf(data.articleId).catch(() => undefined); // a database hiccup shows as the job's own failure
}

function finished(
  context: JobContext,
  attempt: number,
  started: number,
  outcome: "completed" | "retry" | "failed",
  result: unknown,
  err?: Error,
): void {
  const seconds = (performance.now() - started) / 1000;
  jobDuration.observe({ queue: context.queue, outcome }, seconds);
  const detail = resultDetail(result);
  if (context.queue === "poll-source" && detail.newItems)
    articlesIngested.inc({ source: context.sourceId ?? "unknown" }, Number(detail.newItems));
  const line = { ...context, attempt, durationMs: Math.round(seconds * 1000), outcome, ...detail };
  if (err) log[outcome === "retry" ? "warn" : "error"]({ ...line, err: err.message }, `${context.queue} ${outcome}`);
  else log.info(line, `${context.queue} ${outcome}`);
}

/** The few result fields worth a log line (a poll's counts, a page's extraction status), never follow-up lists. */
function resultDetail(result: unknown): Record<string, unknown> {
  if (!result || typeof result !== "object") return {};
  const { status, reason, itemsSeen, newItems, dropped, articles, articlesFailed } = result as Record<string, unknown>;
  const droppedCount = Array.isArray(dropped) && dropped.length ? dropped.length : undefined;
  const fields = { status, reason, itemsSeen, newItems, articles, articlesFailed, dropped: droppedCount };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
