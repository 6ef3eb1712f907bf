// The curate store in memory, for the classify command, the evaluation script and tests: the same contract as the
// Postgres store, so `silkwire classify` runs the very orchestration the curate job runs.
import type {
  ArticleIndex,
  Classification,
  CurationWrite,
  StoredFingerprint,
  StoredStoryArticle,
  StoryAssignment,
  StoryArticle,
  StoryMembers,
  WriteOutcome,
} from "../model.ts";
import { dateInterval } from "./article-fingerprint.ts";
import { composeCandidates } from "./curate-store.ts";
import type {
  BandQuery,
  CandidateQuery,
  CurateStore,
  CurationTransaction,
  KeyFrequencies,
  StoredCandidates,
} from "./curate-store.ts";

interface Entry {
  stored: StoredStoryArticle;
  index?: ArticleIndex;
}

export class MemoryStoryStore implements CurateStore, CurationTransaction {
  private readonly articles = new Map<string, Entry>();
  private readonly byHash = new Map<string, Set<string>>();
  private readonly byBand = new Map<string, Set<string>>();
  /** How many indexed articles carry each story key. */
  private readonly keyCounts = new Map<string, number>();
  private readonly storyOf = new Map<string, string>();
  private readonly duplicateOf = new Map<string, string | null>();
  readonly stories = new Map<string, StoryAssignment>();

  /** Stores an article, as ingestion stores one before it is curated. */
  add(article: StoryArticle): void {
    this.articles.set(article.id, { stored: { article } });
  }

  async loadArticle(articleId: string): Promise<StoredStoryArticle | undefined> {
    return this.articles.get(articleId)?.stored;
  }

  // One curation at a time in memory (the classify command awaits each): nothing runs concurrently to look for.
  async readSnapshot<T>(read: (candidates: StoredCandidates) => Promise<T>): Promise<{ value: T; snapshot: string }> {
    return { value: await read(this), snapshot: "memory" };
  }

  async writeCuration(write: CurationWrite): Promise<WriteOutcome> {
    return { written: true, storyIds: await this.saveCuration(write) };
  }

  async curatedSince(): Promise<StoredStoryArticle[]> {
    return [];
  }

  async underStoryLock<T>(work: (tx: CurationTransaction) => Promise<T>): Promise<T> {
    return work(this);
  }

  async saveCuration(write: CurationWrite): Promise<string[]> {
    this.saveIndex(write.articleId, write.classification, write.index);
    await this.saveFingerprints(write.fingerprints);
    for (const story of write.stories) await this.saveStoryAssignment(story);
    return write.stories.map((s) => s.key);
  }

  private saveIndex(articleId: string, classification: Classification, index: ArticleIndex): void {
    const entry = this.articles.get(articleId);
    if (!entry) return;
    entry.stored = { ...entry.stored, classification, fingerprint: index.fingerprint };
    for (const key of entry.index?.storyKeys ?? []) this.keyCounts.set(key, (this.keyCounts.get(key) ?? 1) - 1);
    for (const key of index.storyKeys) this.keyCounts.set(key, (this.keyCounts.get(key) ?? 0) + 1);
    entry.index = index;
    addTo(this.byHash, index.contentHash, articleId);
    index.bands.forEach((hash, band) => addTo(this.byBand, bandKey(band, hash), articleId));
  }

  async saveFingerprints(fingerprints: Map<string, StoredFingerprint>): Promise<void> {
    for (const [id, fingerprint] of fingerprints) {
      const entry = this.articles.get(id);
      if (entry) entry.stored = { ...entry.stored, fingerprint };
    }
  }

  /** Records an assignment: members move to its story, stories left empty disappear (a split leaves the rest). */
  private async saveStoryAssignment(assignment: StoryAssignment): Promise<void> {
    const left = new Set<string>();
    for (const { id, duplicateOfId } of assignment.members) {
      const previous = this.storyOf.get(id);
      if (previous && previous !== assignment.key) left.add(previous);
      this.storyOf.set(id, assignment.key);
      this.duplicateOf.set(id, duplicateOfId);
    }
    for (const key of this.storyOf.values()) left.delete(key);
    for (const key of left) this.stories.delete(key);
    this.stories.set(assignment.key, assignment);
  }

  storyKeyOf(id: string): string | undefined {
    return this.storyOf.get(id);
  }

  duplicateOfId(id: string): string | null {
    return this.duplicateOf.get(id) ?? null;
  }

  classificationOf(id: string): Classification | undefined {
    return this.articles.get(id)?.stored.classification;
  }

  async findByContentHash(hash: string): Promise<StoredStoryArticle[]> {
    return this.resolve(this.byHash.get(hash) ?? []);
  }

  async findCandidates(query: CandidateQuery): Promise<StoredStoryArticle[]> {
    return composeCandidates(this, query);
  }

  async findByBands(bands: bigint[], query: BandQuery): Promise<StoredStoryArticle[]> {
    const shared = new Map<string, number>();
    bands.forEach((hash, band) =>
      this.byBand.get(bandKey(band, hash))?.forEach((id) => shared.set(id, (shared.get(id) ?? 0) + 1)),
    );
    const timeOf = (id: string) => {
      const article = this.articles.get(id)?.stored.article;
      return article?.datePrecision === "none" ? undefined : article?.publishedAt?.getTime();
    };
    // Undated articles stand at their fetch time with no precision: always in reach, as in Postgres.
    const inReach = (id: string) => {
      const t = timeOf(id);
      return !query.within || t === undefined || (t >= query.within[0].getTime() && t <= query.within[1].getTime());
    };
    const distance = (id: string) => {
      const t = timeOf(id);
      return query.near && t !== undefined ? Math.abs(t - query.near.getTime()) : Infinity;
    };
    // Only the bands that find (BandQuery.finding) find; every band shared counts in the ranking.
    const finders = query.finding?.map((band) => this.byBand.get(bandKey(band, bands[band])));
    const found = (id: string) => !finders || finders.some((ids) => ids?.has(id));
    const ranked = [...shared]
      .filter(([id]) => found(id) && inReach(id))
      .sort(([a, na], [b, nb]) => nb - na || distance(a) - distance(b) || (a < b ? -1 : 1))
      .slice(0, query.limit)
      .map(([id]) => id);
    return this.resolve(ranked);
  }

  async findPublishedBetween(
    from: Date,
    to: Date,
    keys: string[],
    limit: number,
    finding: string[] = keys,
  ): Promise<StoredStoryArticle[]> {
    const wanted = new Set(keys);
    const found = new Set(finding);
    const storyKeys = (e: Entry) => e.index?.storyKeys ?? [];
    return [...this.articles.values()]
      .filter((e) => {
        const span = dateInterval(e.stored.article);
        return span !== undefined && span[1] >= from.getTime() && span[0] <= to.getTime();
      })
      .filter((e) => storyKeys(e).some((k) => found.has(k)))
      .map((e) => ({ e, n: storyKeys(e).filter((k) => wanted.has(k)).length }))
      .sort((a, b) => b.n - a.n || (a.e.stored.article.id < b.e.stored.article.id ? -1 : 1))
      .slice(0, limit)
      .map(({ e }) => e.stored);
  }

  async keyFrequencies(): Promise<KeyFrequencies> {
    return {
      total: this.articles.size,
      articlesWith: (key) => this.keyCounts.get(key) ?? 0,
      articlesWithBand: (band, hash) => this.byBand.get(bandKey(band, hash))?.size ?? 0,
    };
  }

  async findStoryMembers(articleIds: string[]): Promise<StoryMembers> {
    const inHand = new Set(articleIds);
    const storyOf = new Map<string, string>();
    for (const id of inHand) {
      const key = this.storyOf.get(id);
      if (key !== undefined) storyOf.set(id, key);
    }
    const keys = new Set(storyOf.values());
    const others = [...this.storyOf].filter(([id, key]) => keys.has(key) && !inHand.has(id)).map(([id]) => id);
    return { storyOf, others: this.resolve(others) };
  }

  async loadArticles(articleIds: string[]): Promise<StoredStoryArticle[]> {
    return this.resolve(articleIds);
  }

  private resolve(ids: Iterable<string>): StoredStoryArticle[] {
    return [...ids].flatMap((id) => {
      const stored = this.articles.get(id)?.stored;
      return stored ? [{ ...stored, storyId: this.storyOf.get(id) }] : [];
    });
  }
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (set) set.add(id);
  else index.set(key, new Set([id]));
}

/** An LSH band's hash as a key of byBand: the same hash in two bands is two keys. */
function bandKey(band: number, hash: bigint): string {
  return `${band}:${hash}`;
}
