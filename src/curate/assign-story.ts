// Puts one article into its story: find candidates through the store's indexes (never a scan of the archive),
// keep those near enough, and cluster the article, those and their stories' members again (story-linkage.ts).
import { areCopies } from "./story-links.ts";
import { storySimilarity, TermWeights } from "./story-similarity.ts";
import { clusterStories } from "./story-linkage.ts";
import { dateInterval, storyKeysOf, type IndexedFingerprint } from "./article-fingerprint.ts";
import { summarizeStory } from "./story-cluster.ts";
import type { StoryAssignment, StoryMember, WireDetector } from "./story-cluster.ts";
import type { StorySettings } from "../config/story-settings.ts";
import type { CandidateQuery, KeyFrequencies } from "./curate-store.ts";
import { selectiveBands, selectiveKeys } from "./common-keys.ts";

/** What story assignment needs from storage. Postgres: src/store/story-store.ts; tests: memory-story-store.ts. */
export interface StoryCandidateStore {
  /** The candidates of one check (StoredCandidates.findCandidates): copies, band matches and the window's. */
  findCandidates(query: CandidateQuery): Promise<StoryMember[]>;
  /** How common each story key is among stored articles: common keys do not find window candidates (common-keys.ts). */
  keyFrequencies(): Promise<KeyFrequencies>;
  /** The other members of the stories these articles belong to (the articles themselves are in hand). */
  findStoryMembers(articleIds: string[]): Promise<StoryMember[]>;
}

/** The article being curated: fingerprinted afresh, so its story keys are known. */
export interface CuratedMember extends StoryMember {
  fingerprint: IndexedFingerprint;
}

export interface StoryContext {
  settings: StorySettings;
  isWire: WireDetector;
}

const DAY_MS = 86_400_000;
/** Window candidates fingerprinted per check; far more than the reports of one event a window ever holds. */
const WINDOW_CANDIDATES = 100;
/**
 * Band candidates read per check. Copies of one text share most bands and come first; one of a story's copies is
 * enough, since its story's members join the window (findStoryMembers).
 */
const BAND_CANDIDATES = 50;

async function candidatesOf(
  member: CuratedMember,
  store: StoryCandidateStore,
  settings: StorySettings,
): Promise<StoryMember[]> {
  const span = dateInterval(member.article);
  // Neither rule links articles dated further apart than its window (story-links.ts, story-similarity.ts).
  const reach = Math.max(settings.nearDuplicateWindowDays, settings.sameStoryWindowDays) * DAY_MS;
  const window = settings.sameStoryWindowDays * DAY_MS;
  const keys = storyKeysOf(member.fingerprint);
  const frequencies = await store.keyFrequencies();
  const found = await store.findCandidates({
    contentHash: member.fingerprint.contentHash,
    bands: member.fingerprint.bands,
    bandQuery: {
      within: span && [new Date(span[0] - reach), new Date(span[1] + reach)],
      near: span && new Date(span[0]),
      limit: BAND_CANDIDATES,
      finding: selectiveBands(member.fingerprint.bands, frequencies),
    },
    window: span && {
      from: new Date(span[0] - window),
      to: new Date(span[1] + window),
      keys,
      limit: WINDOW_CANDIDATES,
      finding: selectiveKeys(keys, frequencies),
    },
  });
  // Whether a pair shares a band is decided from the signatures (areCopies), not from how a candidate was found.
  return found.filter((c) => c.article.id !== member.article.id);
}

/** Candidates worth clustering with: copies, and texts at least half as alike as the threshold asks. */
const NEAR_FRACTION = 0.5;

/**
 * Whether another article is near enough to this one to share a story: a copy, or at least NEAR_FRACTION of the
 * threshold alike (`scale` below 1 asks for less, to err on the side of "near").
 */
export function isNearArticle(
  member: StoryMember,
  other: StoryMember,
  weights: TermWeights,
  settings: StorySettings,
  options: { scale?: number } = {},
): boolean {
  const floor = settings.sameStorySimilarity * NEAR_FRACTION * (options.scale ?? 1);
  return areCopies(member, other, settings) || storySimilarity(member, other, weights, settings) >= floor;
}

/**
 * The stored articles near enough to this one to share a story (`linked`) among all its candidates: the check a
 * new article costs, independent of archive size. Document frequencies are counted over the article and all its
 * candidates.
 */
export async function findLinkedArticles(
  member: CuratedMember,
  store: StoryCandidateStore,
  settings: StorySettings,
): Promise<{ linked: StoryMember[]; candidates: StoryMember[] }> {
  const candidates = await candidatesOf(member, store, settings);
  const weights = new TermWeights([member, ...candidates].map((m) => m.fingerprint));
  const linked = candidates.filter((c) => isNearArticle(member, c, weights, settings));
  return { linked, candidates };
}

export interface ClusteredArticle {
  /** The article's story. */
  story: StoryAssignment;
  /**
   * Every story of the re-clustered window as its members, the article's included: stories joined, grown or split.
   * Only the article's is summarized here; the caller summarizes those it writes.
   */
  groups: StoryMember[][];
  /** The window: the article, its linked candidates and every member of their stories and of its own. */
  window: StoryMember[];
  /** Every candidate the store offered, linked or not (what document frequencies were counted over). */
  candidates: StoryMember[];
}

/**
 * The story this article belongs to after its arrival. The window (the article, its near candidates and every
 * member of their stories and of its own) is clustered again from scratch by average linkage: stories join when
 * a new report makes them alike enough, and split when, after reclassification, they no longer are.
 */
export async function clusterArticle(
  member: CuratedMember,
  store: StoryCandidateStore,
  context: StoryContext,
): Promise<ClusteredArticle> {
  const { linked, candidates } = await findLinkedArticles(member, store, context.settings);
  const members = new Map<string, StoryMember>([[member.article.id, member]]);
  for (const m of linked) members.set(m.article.id, m);
  for (const m of await store.findStoryMembers([...members.keys()])) {
    if (!members.has(m.article.id)) members.set(m.article.id, m);
  }
  const window = [...members.values()];
  const groups = clusterStories(window, context.settings);
  const own = groups.find((group) => group.some((m) => m.article.id === member.article.id)) as StoryMember[];
  const story = summarizeStory(own, context.settings, context.isWire);
  return { story, groups, window, candidates };
}
