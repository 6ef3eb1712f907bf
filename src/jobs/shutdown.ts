import type { Worker } from "bullmq";
import { runningJobs } from "./observe-job.ts";

export const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;

export interface WorkersStopped {
  /** Every running job finished within the grace period. */
  finished: boolean;
  /** Jobs still running at the end of it, put back in their queues for another worker. */
  handedBack: number;
}

/**
 * Stops taking jobs at once and lets running ones finish for up to `graceMs`. Jobs still running then (a fetch
 * from a server that stalls) are moved back to waiting with their lock tokens, so another worker takes them now
 * rather than after the stalled-job check; this process must then exit without waiting for them.
 */
export async function stopWorkers(workers: Worker[], graceMs: number): Promise<WorkersStopped> {
  const closed = Promise.allSettled(workers.map((w) => w.close()));
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
  const finished = await Promise.race([closed.then(() => true as const), graceOver]);
  clearTimeout(timer);
  if (finished) return { finished, handedBack: 0 };
  const handedBack = await Promise.allSettled([...runningJobs()].map(([job, token]) => job.moveToWait(token)));
  return { finished, handedBack: handedBack.filter((r) => r.status === "fulfilled").length };
}

/** SILKWIRE_SHUTDOWN_GRACE_MS: how long a stopping worker waits for its running jobs. */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SILKWIRE_SHUTDOWN_GRACE_MS);
  return Number.isFinite(n) && n >= 0 && env.SILKWIRE_SHUTDOWN_GRACE_MS?.trim() ? n : DEFAULT_SHUTDOWN_GRACE_MS;
}
