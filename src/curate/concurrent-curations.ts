// Whether a curation may have missed another that committed while it was deciding (curate-store.ts). Two
// curations of one story running at once each read before the other wrote, so neither saw the other; the one that
// commits second finds the other here and curates again, now seeing it. "Could have joined its window" is judged
// as the window judges it, with some room: near (a copy, or alike enough by the window's own test at a lower
// floor), or a member of a story the window read or wrote. A false alarm costs a second curation, a miss a story
// split in two, so the test errs towards alarm.
import { isNearArticle } from "./assign-story.ts";
import { TermWeights } from "./story-similarity.ts";
import type { StoryMember } from "./story-cluster.ts";
import type { StorySettings } from "../config/story-settings.ts";

/** The near-test's floor is scaled by this for concurrent curations: what is nearly near is re-checked too. */
const CONCURRENT_NEAR_SCALE = 0.8;

export interface ConcurrentCuration {
  member: StoryMember;
  /** Its story now. */
  storyId?: string;
}

/**
 * The concurrent curations this article's may have missed. Document frequencies are counted over the article, its
 * candidates and the concurrent ones, as a window that held them would have counted.
 */
export function missedCurations(
  member: StoryMember,
  candidates: StoryMember[],
  concurrent: ConcurrentCuration[],
  touchedStories: Set<string>,
  settings: StorySettings,
): StoryMember[] {
  if (!concurrent.length) return [];
  const weights = new TermWeights(
    [member, ...candidates, ...concurrent.map((c) => c.member)].map((m) => m.fingerprint),
  );
  return concurrent
    .filter(
      (c) =>
        (c.storyId !== undefined && touchedStories.has(c.storyId)) ||
        isNearArticle(member, c.member, weights, settings, { scale: CONCURRENT_NEAR_SCALE }),
    )
    .map((c) => c.member);
}
