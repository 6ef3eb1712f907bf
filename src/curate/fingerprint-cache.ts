// Fingerprints of stored articles, computed once per taxonomy and article revision. Candidates of one time window
// recur for every article of that window, so a worker keeps their fingerprints; a new taxonomy (a new gazetteer)
// comes with a new cache, so nothing built with the old vocabulary is reused.
import type { StoredStoryArticle } from "../model.ts";
import { fingerprintOf, type Fingerprint } from "./article-fingerprint.ts";
import type { Gazetteer } from "./gazetteer.ts";
import type { StoryCandidateStore } from "./assign-story.ts";
import type { StoredCandidates } from "./curate-store.ts";
import type { StoryMember } from "./story-cluster.ts";

const DEFAULT_CAPACITY = 20_000;

export class FingerprintCache {
  private readonly entries = new Map<string, Fingerprint>();
  private readonly gazetteer: Gazetteer;
  private readonly capacity: number;

  constructor(gazetteer: Gazetteer, capacity = DEFAULT_CAPACITY) {
    this.gazetteer = gazetteer;
    this.capacity = capacity;
  }

  of(stored: StoredStoryArticle): Fingerprint {
    const key = `${stored.article.id}:${stored.revision}`;
    let fingerprint = this.entries.get(key);
    if (!fingerprint) {
      fingerprint = fingerprintOf(stored.article, this.gazetteer);
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, fingerprint);
    }
    return fingerprint;
  }

  memberOf(stored: StoredStoryArticle): StoryMember {
    return { article: stored.article, fingerprint: this.of(stored), classification: stored.classification };
  }

  /** Forgets every fingerprint (the benchmark measures cold checks). */
  clear(): void {
    this.entries.clear();
  }
}

/** Stored candidates as story members: what clustering reads. */
export function fingerprinted(candidates: StoredCandidates, cache: FingerprintCache): StoryCandidateStore {
  const members = async (rows: Promise<StoredStoryArticle[]>) => (await rows).map((r) => cache.memberOf(r));
  return {
    findByContentHash: (hash) => members(candidates.findByContentHash(hash)),
    findByBands: (bands) => members(candidates.findByBands(bands)),
    findPublishedBetween: (from, to, keys, limit) => members(candidates.findPublishedBetween(from, to, keys, limit)),
    findStoryMembers: (ids) => members(candidates.findStoryMembers(ids)),
  };
}
