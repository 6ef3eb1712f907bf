// An in-memory StoryCandidateStore for the classify command, the evaluation script and tests.
import type { StoryCandidateStore } from "./assign-story.ts";
import { dateInterval, storyKeysOf } from "./article-fingerprint.ts";
import type { StoryAssignment, StoryMember } from "./story-cluster.ts";

export class MemoryStoryStore implements StoryCandidateStore {
  private readonly articles = new Map<string, StoryMember>();
  private readonly byHash = new Map<string, Set<string>>();
  private readonly byBand = new Map<string, Set<string>>();
  private readonly storyOf = new Map<string, string>();
  private readonly duplicateOf = new Map<string, string | null>();
  readonly stories = new Map<string, StoryAssignment>();

  add(member: StoryMember): void {
    const id = member.article.id;
    this.articles.set(id, member);
    addTo(this.byHash, member.fingerprint.contentHash, id);
    member.fingerprint.bands.forEach((hash, band) => addTo(this.byBand, `${band}:${hash}`, id));
  }

  /** Records an assignment: members move to its story, stories left empty disappear. */
  save(assignment: StoryAssignment): void {
    for (const { id, duplicateOfId } of assignment.members) {
      const previous = this.storyOf.get(id);
      if (previous && previous !== assignment.key) this.stories.delete(previous);
      this.storyOf.set(id, assignment.key);
      this.duplicateOf.set(id, duplicateOfId);
    }
    this.stories.set(assignment.key, assignment);
  }

  storyKeyOf(id: string): string | undefined {
    return this.storyOf.get(id);
  }

  duplicateOfId(id: string): string | null {
    return this.duplicateOf.get(id) ?? null;
  }

  async findByContentHash(hash: string): Promise<StoryMember[]> {
    return this.resolve(this.byHash.get(hash) ?? []);
  }

  async findByBands(bands: bigint[]): Promise<StoryMember[]> {
    const ids = new Set<string>();
    bands.forEach((hash, band) => this.byBand.get(`${band}:${hash}`)?.forEach((id) => ids.add(id)));
    return this.resolve(ids);
  }

  async findPublishedBetween(from: Date, to: Date, keys: string[], limit: number): Promise<StoryMember[]> {
    const wanted = new Set(keys);
    const shared = (m: StoryMember) => storyKeysOf(m.fingerprint).filter((k) => wanted.has(k)).length;
    return [...this.articles.values()]
      .filter((m) => {
        const span = dateInterval(m.article);
        return span !== undefined && span[1] >= from.getTime() && span[0] <= to.getTime();
      })
      .map((m) => ({ m, n: shared(m) }))
      .filter(({ n }) => n > 0)
      .sort((a, b) => b.n - a.n || (a.m.article.id < b.m.article.id ? -1 : 1))
      .slice(0, limit)
      .map(({ m }) => m);
  }

  async findStoryMembers(articleIds: string[]): Promise<StoryMember[]> {
    const keys = new Set(articleIds.flatMap((id) => this.storyOf.get(id) ?? []));
    const ids = [...this.storyOf].filter(([, key]) => keys.has(key)).map(([id]) => id);
    return this.resolve(new Set([...ids, ...articleIds]));
  }

  private resolve(ids: Iterable<string>): StoryMember[] {
    return [...ids].flatMap((id) => this.articles.get(id) ?? []);
  }
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (set) set.add(id);
  else index.set(key, new Set([id]));
}
