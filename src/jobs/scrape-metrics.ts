import type { Db } from "../store/client.ts";
import { digestDeliveryCounts, storiesMinted } from "../store/operator-store.ts";
import { digestDeliveries, onScrape, queueJobs, storiesCreated } from "../metrics/registry.ts";
import { QUEUE_NAMES, type Queues } from "./queues.ts";

const STATES = ["waiting", "active", "delayed", "failed", "prioritized", "waiting-children"] as const;

/**
 * Gauges read at scrape time, so a web-only or worker-only process reports the whole system's queues and totals,
 * not only its own share: queue depths from Redis, minted stories and digest deliveries from Postgres.
 */
export function collectSystemMetrics(db: Db, queues: Queues): void {
  onScrape("queues", async () => {
    for (const name of QUEUE_NAMES) {
      const counts = await queues[name].getJobCounts(...STATES);
      for (const state of STATES) queueJobs.set({ queue: name, state }, counts[state] ?? 0);
    }
  });
  onScrape("store", async () => {
    storiesCreated.set(await storiesMinted(db));
    for (const [state, count] of Object.entries(await digestDeliveryCounts(db))) digestDeliveries.set({ state }, count);
  });
}
