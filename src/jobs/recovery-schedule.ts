import { DEFAULT_QUEUE_SETTINGS, type Queues } from "./queues.ts";

const RECOVERY_SCHEDULER = "recover-articles";

/**
 * The periodic recovery sweep (src/ingest/recover-articles.ts). Written only when missing or changed: it is kept in
 * step every 30 s with the poll schedules, and re-upserting would push its next run back each time. Redis keeps a
 * schedule across upgrades with the job options it was written with, so options that differ from the queue's
 * (an older release's single attempt) count as a change.
 */
export async function scheduleRecovery(
  queues: Queues,
  everyMs = DEFAULT_QUEUE_SETTINGS.recoveryEveryMs,
): Promise<void> {
  const queue = queues["recover-articles"];
  const existing = await queue.getJobScheduler(RECOVERY_SCHEDULER);
  const attempts = existing?.template?.opts?.attempts;
  if (existing && Number(existing.every) === everyMs && attempts === queue.defaultJobOptions.attempts) return;
  await queue.upsertJobScheduler(RECOVERY_SCHEDULER, { every: everyMs }, { name: "recover-articles", data: {} });
}
