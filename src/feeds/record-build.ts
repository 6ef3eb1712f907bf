import { recordFeedBuild } from "../store/operator-store.ts";
import { feedBuilds } from "../metrics/registry.ts";
import { writeAllFeeds, type BuildResult, type PublishContext } from "./build-feeds.ts";

/**
 * Builds every feed and leaves a trace an operator can see: a FeedBuild row (`silkwire status`) and the
 * silkwire_feed_builds_total counter. A failed build is recorded too, then rethrown.
 */
export async function buildFeedsRecorded(
  context: PublishContext,
  outDir: string,
  trigger: string,
  onProgress?: (filesDone: number, filesTotal: number) => void,
): Promise<BuildResult> {
  const startedAt = new Date();
  const empty = { feeds: 0, filesWritten: 0, filesUnchanged: 0 };
  try {
    const result = await writeAllFeeds(context, outDir, onProgress);
    const { feeds, filesWritten, filesUnchanged } = result;
    const counts = { feeds, filesWritten, filesUnchanged, error: null };
    await recordFeedBuild(context.db, { startedAt, finishedAt: new Date(), trigger, ...counts });
    feedBuilds.inc({ outcome: "ok" });
    return result;
  } catch (err) {
    feedBuilds.inc({ outcome: "failed" });
    const error = (err as Error).message;
    // The build's own error is what the caller must see; failing to record it (Postgres gone) must not replace it.
    await recordFeedBuild(context.db, { startedAt, finishedAt: new Date(), trigger, ...empty, error }).catch(
      () => undefined,
    );
    throw err;
  }
}
