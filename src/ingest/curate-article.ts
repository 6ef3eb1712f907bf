// Where an article gets its classification and its story: the one orchestration of the curate stage, used by the
// curate job (Postgres store) and by `silkwire classify` (memory store). Decisions are src/curate's; storage is
// the store's; this only calls them in order.
//
// Curations run in parallel (curate-store.ts): read and decide without a lock, write unless a story read changed
// meanwhile, then curate again if a concurrent curation may have been missed. Whichever of two concurrent
// curations commits second sees the other after its commit, so no missed link survives; curating again is
// idempotent. After OPTIMISTIC_ROUNDS an article is curated alone under the story lock, so every curation ends.
import type { ArticleIndex, Classification, StoryAssignment } from "../model.ts";
import { classifyArticle } from "../curate/classify-article.ts";
import { fingerprintOf, storyKeysOf, type IndexedFingerprint } from "../curate/article-fingerprint.ts";
import { clusterArticle, type CuratedMember } from "../curate/assign-story.ts";
import { encodeFingerprint } from "../curate/fingerprint-codec.ts";
import { StoredMembers, storedMembersOf } from "../curate/stored-fingerprints.ts";
import { missedCurations } from "../curate/concurrent-curations.ts";
import { summarizeStory, type StoryMember } from "../curate/story-cluster.ts";
import type { CurateContext } from "../curate/curate-context.ts";
import type { CurateStore, CurationWrite, StoredCandidates } from "../curate/curate-store.ts";

/** Rounds a curation may be refused or find a concurrent one it missed before it runs alone under the lock. */
const OPTIMISTIC_ROUNDS = 5;

/** What a caller may count: the benchmark reports how often parallel curations had to run again. */
export interface CurationObserver {
  /** A round did not settle: its write was refused, or it may have missed a concurrent curation. */
  retried?(reason: "write refused" | "concurrent curation"): void;
  /** The article was curated alone under the story lock. */
  locked?(): void;
}

type ClassifiedMember = CuratedMember & { classification: Classification };

interface Decision {
  story: StoryAssignment;
  /** Every candidate the check looked at: document frequencies of the conflict test. */
  candidates: StoryMember[];
  write: CurationWrite;
}

/**
 * Classifies a stored article, indexes it and puts it into its story (creating, extending, merging or splitting stories).
 * Idempotent: a second run for the same article writes nothing. Returns undefined for an unknown id.
 */
export async function curateArticle(
  articleId: string,
  store: CurateStore,
  context: CurateContext,
  observer: CurationObserver = {},
): Promise<StoryAssignment | undefined> {
  const stored = await store.loadArticle(articleId);
  if (!stored) return undefined;
  const { article } = stored;
  const classification = classifyArticle({ title: article.title, text: article.text }, context.classifier);
  const member: ClassifiedMember = { article, classification, fingerprint: fingerprintOf(article, context.gazetteer) };
  for (let round = 0; round < OPTIMISTIC_ROUNDS; round++) {
    const { value: decision, snapshot } = await store.readSnapshot((candidates) => decide(member, candidates, context));
    const outcome = await store.writeCuration(decision.write, snapshot);
    if (!outcome.written) {
      observer.retried?.("write refused");
      continue;
    }
    if (!(await missedConcurrent(member, decision, outcome.storyIds, snapshot, store, context))) return decision.story;
    observer.retried?.("concurrent curation");
  }
  observer.locked?.();
  return store.underStoryLock(async (tx) => {
    const decision = await decide(member, tx, context);
    await tx.saveCuration(decision.write);
    return decision.story;
  });
}

async function decide(
  member: ClassifiedMember,
  candidates: StoredCandidates,
  context: CurateContext,
): Promise<Decision> {
  const members = new StoredMembers(candidates, context);
  const clustered = await clusterArticle(member, members, context);
  const { story } = clustered;
  // Only the other stories that changed are summarized (a summary reads every member's dateline for a wire
  // agency's name, and compares its members for copies): one that is exactly a stored story is not written.
  const changed = clustered.groups
    .filter((group) => !group.some((m) => m.article.id === member.article.id))
    .filter((group) => !keepsItsMembers(group, members.storyOf))
    .map((group) => summarizeStory(group, context.settings, context.isWire));
  return {
    story,
    candidates: clustered.candidates,
    write: {
      articleId: member.article.id,
      classification: member.classification,
      index: indexOf(member.fingerprint, context.fingerprintVersion),
      fingerprints: members.recomputed,
      storiesRead: [...new Set(clustered.window.flatMap((m) => members.storyOf.get(m.article.id) ?? []))],
      storylessRead: clustered.window.flatMap((m) => (members.storyOf.has(m.article.id) ? [] : [m.article.id])),
      stories: [...changed, story],
    },
  };
}

/**
 * True when a story of the window is exactly a stored story, no more and no fewer members: its summary is a
 * function of its members, so writing it again would change nothing (and cost a handful of queries). The window
 * holds every member of the stories it touches (findStoryMembers), so counting those read is enough.
 */
function keepsItsMembers(group: StoryMember[], storyOf: Map<string, string>): boolean {
  const stored = new Set(group.map((m) => storyOf.get(m.article.id)));
  if (stored.size !== 1) return false;
  const [id] = stored;
  if (id === undefined) return false;
  let membersRead = 0;
  for (const storyId of storyOf.values()) if (storyId === id) membersRead++;
  return membersRead === group.length;
}

/** Whether a curation committed concurrently (after this one's snapshot) could have joined its window. */
async function missedConcurrent(
  member: CuratedMember,
  decision: Decision,
  storiesWritten: string[],
  snapshot: string,
  store: CurateStore,
  context: CurateContext,
): Promise<boolean> {
  const rows = await store.curatedSince(snapshot, member.article.id);
  if (!rows.length) return false;
  const storyOf = new Map(rows.map((r) => [r.article.id, r.storyId]));
  const concurrent = (await storedMembersOf(rows, context, (ids) => store.loadArticles(ids))).map((m) => ({
    member: m,
    storyId: storyOf.get(m.article.id),
  }));
  const touched = new Set([...decision.write.storiesRead, ...storiesWritten]);
  return missedCurations(member, decision.candidates, concurrent, touched, context.settings).length > 0;
}

function indexOf(fingerprint: IndexedFingerprint, version: string): ArticleIndex {
  return {
    contentHash: fingerprint.contentHash,
    storyKeys: storyKeysOf(fingerprint),
    bands: fingerprint.bands,
    fingerprint: encodeFingerprint(fingerprint, version),
  };
}
