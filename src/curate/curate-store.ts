// What curating an article needs from storage, as plain values: Postgres (src/store/story-store.ts and
// story-writes.ts) and memory (memory-story-store.ts, for `silkwire classify`) both provide it, so one
// orchestration (src/ingest/curate-article.ts) serves the job and the command.
import type { ArticleIndex, Classification, StoredFingerprint, StoredStoryArticle, StoryAssignment } from "../model.ts";

/** Candidate queries over stored articles; every one answers through an index, never a scan of the archive. */
export interface StoredCandidates {
  /** Articles whose normalised text hashes the same. */
  findByContentHash(hash: string): Promise<StoredStoryArticle[]>;
  /** Articles sharing at least one LSH band hash (band index i is bands[i]). */
  findByBands(bands: bigint[]): Promise<StoredStoryArticle[]>;
  /**
   * Articles whose date span overlaps [from, to] and that share at least one of `keys`: candidates for independent
   * write-ups of one event. At most `limit`, those sharing the most keys first (ties by id), so the cost of a check
   * is bounded however many articles a busy day brings.
   */
  findPublishedBetween(from: Date, to: Date, keys: string[], limit: number): Promise<StoredStoryArticle[]>;
  /** All members of the stories these articles belong to, including the articles themselves. */
  findStoryMembers(articleIds: string[]): Promise<StoredStoryArticle[]>;
  /** These articles with their whole texts: those whose stored fingerprint is stale are fingerprinted again. */
  loadArticles(articleIds: string[]): Promise<StoredStoryArticle[]>;
}

/** Reads and writes of one curation, made while no other curation runs. */
export interface CurationTransaction extends StoredCandidates {
  /** Stores the article's classification and index; writing what is already stored changes nothing. */
  saveCuration(articleId: string, classification: Classification, index: ArticleIndex): Promise<void>;
  /** Stores fingerprints computed again (stale or missing), by article id. */
  saveFingerprints(fingerprints: Map<string, StoredFingerprint>): Promise<void>;
  /** Stores a story and points its members at it. */
  saveStoryAssignment(assignment: StoryAssignment): Promise<void>;
}

export interface CurateStore {
  /** The article, or undefined when it is gone. */
  loadArticle(articleId: string): Promise<StoredStoryArticle | undefined>;
  /**
   * Runs `work` under the story lock: two articles of one story curated at once would otherwise each miss the other
   * and make two stories. In Postgres this is one transaction.
   */
  underStoryLock<T>(work: (tx: CurationTransaction) => Promise<T>): Promise<T>;
}
