// Ranking a week's stories. The score, documented in the README:
//
//   score = 3 · log2(1 + distinct outlets) + 2 · relevance + recency
//
// Reach dominates: a story four outlets carried (6.97) beats a single-outlet story of the highest relevance
// (3 + 2). Relevance (0..1 from the classifier) orders stories of equal reach; recency (0 at the week's start,
// 1 at its end) is worth at most one point and favours late-week developments readers have not seen yet. Ties
// fall back to the title and the id so the same data always gives the same digest.
import type { DigestStory } from "./types.ts";
import type { WeekRange } from "./week.ts";

export interface RankedStory extends DigestStory {
  score: number;
  /** The topic a story is counted under for caps and the by-topic section: its first, or "other". */
  primaryTopic: string;
}

export const OTHER_TOPIC = "other";

export function storyScore(story: DigestStory, week: WeekRange): number {
  const span = week.end.getTime() - week.start.getTime();
  const recency = Math.min(1, Math.max(0, (story.lastSeenAt.getTime() - week.start.getTime()) / span));
  const outlets = new Set(story.outlets.map((o) => o.name)).size;
  return 3 * Math.log2(1 + Math.max(1, outlets)) + 2 * story.relevance + recency;
}

export function rankStories(stories: DigestStory[], week: WeekRange): RankedStory[] {
  return stories
    .map((story) => ({ ...story, score: storyScore(story, week), primaryTopic: story.topics[0] ?? OTHER_TOPIC }))
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

/** The best `count` stories, at most `perTopic` of them under one primary topic (one summit cannot fill it). */
export function pickWithTopicCap(ranked: RankedStory[], count: number, perTopic: number): RankedStory[] {
  const taken = new Map<string, number>();
  const picked: RankedStory[] = [];
  for (const story of ranked) {
    if (picked.length >= count) break;
    const used = taken.get(story.primaryTopic) ?? 0;
    if (used >= perTopic) continue;
    taken.set(story.primaryTopic, used + 1);
    picked.push(story);
  }
  return picked;
}
