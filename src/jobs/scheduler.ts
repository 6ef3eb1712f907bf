import type { SourceConfig } from "../model.ts";
import type { Queues } from "./queues.ts";

const SCHEDULER_PREFIX = "source-";

/**
 * One BullMQ job scheduler per enabled source. Upserting is idempotent, so restarts never duplicate schedules;
 * schedulers of sources that left the config (or were disabled) are removed.
 */
export async function syncPollSchedules(
  queues: Queues,
  sources: SourceConfig[],
): Promise<{ upserted: number; removed: number }> {
  const queue = queues["poll-source"];
  const wanted = sources.filter((s) => s.enabled);
  for (const source of wanted) {
    await queue.upsertJobScheduler(
      `${SCHEDULER_PREFIX}${source.id}`,
      { every: source.everyMs },
      { name: "poll-source", data: { sourceId: source.id, force: false } },
    );
  }
  const keep = new Set(wanted.map((s) => `${SCHEDULER_PREFIX}${s.id}`));
  let removed = 0;
  for (const scheduler of await queue.getJobSchedulers(0, -1)) {
    const id = scheduler.key;
    if (id.startsWith(SCHEDULER_PREFIX) && !keep.has(id) && (await queue.removeJobScheduler(id))) removed++;
  }
  return { upserted: wanted.length, removed };
}
