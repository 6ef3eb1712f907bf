import type { EventEmitter } from "node:events";
import { Job, type Queue, type QueueEvents } from "bullmq";
import type { FollowUp, QueueName, Queues } from "./queues.ts";
import { addJobs, jobIds } from "./queues.ts";
import type { PollJobResult } from "./processors.ts";

export interface IngestProgress {
  sourcesDone: number;
  sourcesTotal: number;
  jobsDone: number;
  jobsTotal: number;
}

export interface IngestSummary {
  sourcesOk: number;
  sourcesFailed: number;
  sourcesSkipped: number;
  newArticles: number;
  articleJobs: number;
  articleJobsFailed: number;
  failures: Array<{ sourceId: string; error: string }>;
}

export interface QueuedPoll {
  sourceId: string;
  jobId: string;
}

/** Queues a poll of each source now (ignoring failure backoff). */
export async function enqueuePolls(queues: Queues, sourceIds: string[], runId: string): Promise<QueuedPoll[]> {
  const jobs = sourceIds.map((sourceId) => ({ data: { sourceId, force: true }, jobId: jobIds.poll(sourceId, runId) }));
  await addJobs(queues, "poll-source", jobs);
  return jobs.map((j) => ({ sourceId: j.data.sourceId, jobId: j.jobId }));
}

/** Queues one recovery sweep of these sources, so a manual ingest also finishes what earlier runs left undone. */
export async function enqueueRecovery(queues: Queues, sourceIds: string[], runId: string): Promise<FollowUp> {
  const jobId = jobIds.recover(runId);
  await addJobs(queues, "recover-articles", [{ data: { sourceIds }, jobId }]);
  return { queue: "recover-articles", jobId };
}

/**
 * Waits for the poll jobs and, transitively, every job they caused (page fetches, curation), reporting progress.
 * A job's failure is counted, not thrown: one broken source must not hide the others' results.
 */
export async function waitForIngest(
  queues: Queues,
  events: Record<QueueName, QueueEvents>,
  polls: QueuedPoll[],
  onProgress: (p: IngestProgress) => void = () => {},
  alsoWaitFor: FollowUp[] = [],
): Promise<IngestSummary> {
  const summary: IngestSummary = {
    sourcesOk: 0,
    sourcesFailed: 0,
    sourcesSkipped: 0,
    newArticles: 0,
    articleJobs: 0,
    articleJobsFailed: 0,
    failures: [],
  };
  const progress: IngestProgress = { sourcesDone: 0, sourcesTotal: polls.length, jobsDone: 0, jobsTotal: 0 };
  const pending: Array<Promise<void>> = [];
  const seen = new Set<string>();
  const follow = (followUps: FollowUp[]) => {
    for (const next of followUps) {
      if (seen.has(`${next.queue}/${next.jobId}`)) continue;
      seen.add(`${next.queue}/${next.jobId}`);
      const articleJob = next.queue === "fetch-article" || next.queue === "curate-article";
      if (articleJob) progress.jobsTotal++;
      pending.push(
        waitForJob<{ followUps?: FollowUp[] }>(queues[next.queue], events[next.queue], next.jobId).then(
          ({ result, error }) => {
            if (articleJob) {
              progress.jobsDone++;
              summary.articleJobs++;
              if (error) summary.articleJobsFailed++;
            }
            follow(result?.followUps ?? []);
            onProgress(progress);
          },
        ),
      );
    }
  };
  const pollsDone = polls.map(({ sourceId, jobId }) =>
    waitForJob<PollJobResult>(queues["poll-source"], events["poll-source"], jobId).then(({ result, error }) => {
      progress.sourcesDone++;
      recordPollResult(summary, sourceId, result, error);
      follow(result?.followUps ?? []);
      onProgress(progress);
    }),
  );
  follow(alsoWaitFor);
  await Promise.all(pollsDone);
  // Follow-ups add more promises while we wait, so drain until nothing new appears.
  for (let waited = 0; waited < pending.length;) {
    const batch = pending.slice(waited);
    waited = pending.length;
    await Promise.all(batch);
  }
  return summary;
}

function recordPollResult(
  summary: IngestSummary,
  sourceId: string,
  result: PollJobResult | undefined,
  error: string | undefined,
) {
  if (error || !result) {
    summary.sourcesFailed++;
    summary.failures.push({ sourceId, error: error ?? "no result" });
  } else if (result.status === "skipped") {
    summary.sourcesSkipped++;
    summary.failures.push({ sourceId: result.sourceId, error: `skipped: ${result.reason}` });
  } else {
    summary.sourcesOk++;
    summary.newArticles += result.newItems;
  }
}

export interface JobOutcome<R> {
  result?: R;
  error?: string;
}

/** How often a wait also asks Redis for the job's state, so a lost event delays the wait instead of hanging it. */
const RECHECK_MS = 15_000;

/**
 * Resolves when the job has finished: with its return value, or with the reason of its final failure. A job that
 * no longer exists (removed by retention: it finished long ago) resolves with neither. Never rejects.
 */
export function waitForJob<R>(
  queue: Queue,
  events: QueueEvents,
  jobId: string,
  recheckMs = RECHECK_MS,
): Promise<JobOutcome<R>> {
  // BullMQ emits these per-job events ("completed:<id>") but its typed listener names do not include them.
  const emitter: EventEmitter = events;
  return new Promise((resolve) => {
    const completedEvent = `completed:${jobId}`;
    const failedEvent = `failed:${jobId}`;
    const onCompleted = ({ returnvalue }: { returnvalue: unknown }) => settle({ result: returnvalue as R });
    const onFailed = ({ failedReason }: { failedReason: string }) => settle({ error: failedReason });
    const check = () =>
      finishedOutcome<R>(queue, jobId).then(
        (outcome) => outcome && settle(outcome),
        () => {}, // Redis is away: the event or the next check will tell
      );
    const recheck = setInterval(check, recheckMs);
    function settle(outcome: JobOutcome<R>) {
      clearInterval(recheck);
      emitter.off(completedEvent, onCompleted);
      emitter.off(failedEvent, onFailed);
      resolve(outcome);
    }
    // Listening first, then checking: a job that finishes in between is caught by one or the other.
    emitter.on(completedEvent, onCompleted);
    emitter.on(failedEvent, onFailed);
    void check();
  });
}

async function finishedOutcome<R>(queue: Queue, jobId: string): Promise<JobOutcome<R> | undefined> {
  const state = await queue.getJobState(jobId);
  if (state === "unknown") return {};
  if (state !== "completed" && state !== "failed") return undefined;
  // A finished job's hash already holds its outcome; it may have been removed since the state was read.
  const job = await Job.fromId(queue, jobId);
  if (!job) return {};
  return state === "completed" ? { result: job.returnvalue as R } : { error: job.failedReason };
}
