// Feeds are rebuilt shortly after new stories land, not once per article: a burst of curated articles asks for a
// rebuild many times and gets one per delay. The delay is 30 s: feed readers poll every quarter hour or so, and a
// burst of thousands of articles with a 5 s delay spent 6% of a worker's time rebuilding feeds. BullMQ deduplication keeps at most one waiting (delayed) rebuild; a request
// while one runs is kept for one more run afterwards, so no new story is left out.
import type { Job } from "bullmq";
import type { JobPayloads, Queues } from "./queues.ts";

export const DEFAULT_FEED_REBUILD_DELAY_MS = 30_000;
const DEDUPLICATION_ID = "publish-feeds";

export async function requestFeedRebuild(
  queues: Queues,
  reason: string,
  delayMs = DEFAULT_FEED_REBUILD_DELAY_MS,
): Promise<void> {
  await queues["publish-feeds"].add(
    "publish-feeds",
    { reason },
    { delay: delayMs, deduplication: { id: DEDUPLICATION_ID, keepLastIfActive: true } },
  );
}

export function publishFeedsProcessor(publishFeeds: () => Promise<unknown>) {
  return async (_job: Job<JobPayloads["publish-feeds"]>) => ({ result: await publishFeeds(), followUps: [] });
}
