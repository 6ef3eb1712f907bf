// What curating an article needs from storage, as plain values: Postgres (src/store/story-store.ts and
// story-writes.ts) and memory (memory-story-store.ts, for `silkwire classify`) both provide it, so one
// orchestration (src/ingest/curate-article.ts) serves the job and the command.
//
// Curations run in parallel: each reads and decides without a lock (readSnapshot), writes in a short transaction
// that is refused when a story it read changed meanwhile (writeCuration), then looks for curations that committed
// concurrently and could have joined its window (curatedSince), and curates again if there are any.
import type {
  BandQuery,
  CandidateQuery,
  CurationWrite,
  KeyFrequencies,
  StoredStoryArticle,
  StoryMembers,
  WriteOutcome,
} from "../model.ts";

export type { BandQuery, CandidateQuery, CurationWrite, KeyFrequencies, StoryMembers, WriteOutcome } from "../model.ts";

/** Candidate queries over stored articles; every one answers through an index, never a scan of the archive. */
export interface StoredCandidates {
  /** Articles whose normalised text hashes the same. */
  findByContentHash(hash: string): Promise<StoredStoryArticle[]>;
  /**
   * Articles sharing at least one LSH band hash (band index i is bands[i]), undated or dated within `query.within`:
   * at most `query.limit`, those sharing the most bands (the likeliest copies) first, then the nearest in time to
   * `query.near`, then by id. A reused template can share a band with thousands of articles; a check must not
   * load them all.
   */
  findByBands(bands: bigint[], query: BandQuery): Promise<StoredStoryArticle[]>;
  /**
   * Articles whose date span overlaps [from, to] and that share at least one of `finding` (by default `keys`):
   * candidates for independent write-ups of one event. At most `limit`, those sharing the most of `keys` first (ties
   * by id), so the cost of a check is bounded however many articles a busy day brings.
   */
  findPublishedBetween(
    from: Date,
    to: Date,
    keys: string[],
    limit: number,
    finding?: string[],
  ): Promise<StoredStoryArticle[]>;
  /**
   * The answers of findByContentHash, findPublishedBetween (when the query has a window) and findByBands, in that
   * order, each article once (where it first appears): what composeCandidates gives. Postgres answers in one
   * statement, since each round trip costs both sides a system call.
   */
  findCandidates(query: CandidateQuery): Promise<StoredStoryArticle[]>;
  /** How common each story key is among stored articles (common-keys.ts). */
  keyFrequencies(): Promise<KeyFrequencies>;
  /**
   * The stories these articles belong to, and those stories' other members. The articles themselves are in hand:
   * only their story ids are read, not their rows.
   */
  findStoryMembers(articleIds: string[]): Promise<StoryMembers>;
  /** These articles with their whole texts: those whose stored fingerprint is stale are fingerprinted again. */
  loadArticles(articleIds: string[]): Promise<StoredStoryArticle[]>;
}

/** Reads and writes of one curation, made while no other curation writes. */
export interface CurationTransaction extends StoredCandidates {
  /** Writes the curation; writing what is already stored changes nothing. Returns the ids of the stories written. */
  saveCuration(write: CurationWrite): Promise<string[]>;
}

export interface CurateStore {
  /** The article, or undefined when it is gone. */
  loadArticle(articleId: string): Promise<StoredStoryArticle | undefined>;
  /** These articles with their whole texts (StoredCandidates.loadArticles). */
  loadArticles(articleIds: string[]): Promise<StoredStoryArticle[]>;
  /** Runs `read` over one consistent snapshot of the store, without a lock; `snapshot` identifies it. */
  readSnapshot<T>(read: (candidates: StoredCandidates) => Promise<T>): Promise<{ value: T; snapshot: string }>;
  /**
   * Writes the curation unless a story it read was changed (or removed) by a curation the snapshot does not see,
   * or the write ran into another (deadlock, a story id minted twice): then nothing is written; decide again.
   */
  writeCuration(write: CurationWrite, snapshot: string): Promise<WriteOutcome>;
  /** Articles whose curation committed but is not visible in the snapshot (curated concurrently), but this one. */
  curatedSince(snapshot: string, exceptId: string): Promise<StoredStoryArticle[]>;
  /**
   * Runs `work` while no other curation writes: the last resort of an article whose optimistic rounds kept
   * meeting concurrent curations, so every curation ends. In Postgres this is one transaction.
   */
  underStoryLock<T>(work: (tx: CurationTransaction) => Promise<T>): Promise<T>;
}

/** findCandidates from the three queries it answers, one after the other. */
export async function composeCandidates(
  store: Pick<StoredCandidates, "findByContentHash" | "findByBands" | "findPublishedBetween">,
  query: CandidateQuery,
): Promise<StoredStoryArticle[]> {
  const { window } = query;
  const found = [
    ...(await store.findByContentHash(query.contentHash)),
    ...(window
      ? await store.findPublishedBetween(window.from, window.to, window.keys, window.limit, window.finding)
      : []),
    ...(await store.findByBands(query.bands, query.bandQuery)),
  ];
  return firstOfEach(found);
}

/** Each article once, where it first appears. */
function firstOfEach(found: StoredStoryArticle[]): StoredStoryArticle[] {
  const seen = new Set<string>();
  return found.filter((row) => !seen.has(row.article.id) && seen.add(row.article.id));
}
