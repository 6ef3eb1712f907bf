// The weekly digest as a BullMQ job scheduler: one cron pattern in the digest's time zone (Monday 07:00 in
// Almaty by default). Upserting is idempotent, so restarts never add a second schedule. The job itself calls
// the digest's orchestration, handed in by the command that starts the worker.
import { Worker, type ConnectionOptions } from "bullmq";
import type { JobPayloads, Queues, QueueSettings } from "./queues.ts";

export const DIGEST_SCHEDULER_ID = "weekly-digest";

export async function syncDigestSchedule(
  queues: Queues,
  schedule: { pattern: string; timeZone: string },
): Promise<void> {
  await queues.digest.upsertJobScheduler(
    DIGEST_SCHEDULER_ID,
    { pattern: schedule.pattern, tz: schedule.timeZone },
    { name: "digest", data: {} },
  );
}

export async function removeDigestSchedule(queues: Queues): Promise<void> {
  await queues.digest.removeJobScheduler(DIGEST_SCHEDULER_ID);
}

/** One digest at a time: sending holds a lock per digest anyway, and SMTP is rate-limited. */
export function startDigestWorker(
  runDigest: (week: string | undefined) => Promise<string>,
  connection: ConnectionOptions,
  settings: QueueSettings,
): Worker {
  return new Worker<JobPayloads["digest"], string>("digest", (job) => runDigest(job.data.week), {
    connection,
    prefix: settings.prefix,
    lockDuration: settings.lockDurationMs,
    concurrency: 1,
  });
}
