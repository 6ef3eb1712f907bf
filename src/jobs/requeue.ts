// A job with a deterministic id keeps that id while BullMQ retains it (failed jobs for 7 days), and adding the same
// id again does nothing. Work that must happen again — an article whose jobs ran out of retries while Postgres was
// down — would then never be done; so re-enqueueing moves such a finished job back to waiting instead.
import { Job, type Queue } from "bullmq";

export type FinishedState = "failed" | "completed";

async function finishedStates(queue: Queue, ids: string[]): Promise<Map<string, string>> {
  const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
  return new Map(ids.map((id, i) => [id, states[i]]));
}

/**
 * Moves the jobs among `ids` that sit in one of `states` back to waiting, with their attempts reset so the usual
 * retries and backoff apply again. Returns how many were revived.
 */
export async function reviveFinishedJobs(queue: Queue, ids: string[], states: FinishedState[]): Promise<number> {
  let revived = 0;
  const current = await finishedStates(queue, ids);
  for (const state of states) {
    for (const id of ids.filter((i) => current.get(i) === state)) {
      const job = await Job.fromId(queue, id);
      if (!job) continue; // removed by retention since the lookup: the add that follows will create it anew
      try {
        await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
        revived++;
      } catch (err) {
        // Another producer revived it first (it is no longer in `state`): nothing left to do.
        if ((await job.getState()) === state) throw err;
      }
    }
  }
  return revived;
}
