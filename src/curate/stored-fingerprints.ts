// Stored candidates as story members: each with the fingerprint stored at its curation, decoded. A fingerprint
// made by another version (a taxonomy change, new code) or missing is computed again from the article's whole
// text and handed back for storing, so the next check decodes it.
import type { StoredFingerprint, StoredStoryArticle } from "../model.ts";
import { fingerprintOf } from "./article-fingerprint.ts";
import type { Fingerprint } from "./article-fingerprint.ts";
import { decodeFingerprint, encodeFingerprint, type DecodedFingerprints } from "./fingerprint-codec.ts";
import type { Gazetteer } from "./gazetteer.ts";
import type { StoryCandidateStore } from "./assign-story.ts";
import type { CandidateQuery, StoredCandidates } from "./curate-store.ts";
import type { StoryMember } from "./story-cluster.ts";

export interface FingerprintContext {
  gazetteer: Gazetteer;
  /** fingerprintVersionOf(gazetteer): stored fingerprints of another version are computed again. */
  fingerprintVersion: string;
  /** Kept between curations of one worker: a candidate decoded before is not decoded again. */
  decodedFingerprints?: DecodedFingerprints;
}

/**
 * The rows as story members, their fingerprints decoded; stale ones computed again from the whole text
 * (`loadArticles`: a row read with its stored fingerprint carries only the text's opening) and put in `recomputed`.
 */
export async function storedMembersOf(
  rows: StoredStoryArticle[],
  context: FingerprintContext,
  loadArticles: (ids: string[]) => Promise<StoredStoryArticle[]>,
  recomputed: Map<string, StoredFingerprint> = new Map(),
): Promise<StoryMember[]> {
  const version = context.fingerprintVersion;
  const decoded = new Map<string, Fingerprint>();
  for (const row of rows) {
    const cache = context.decodedFingerprints;
    const fingerprint =
      row.fingerprint &&
      (cache ? cache.decode(row.article.id, row.fingerprint, version) : decodeFingerprint(row.fingerprint, version));
    if (fingerprint) decoded.set(row.article.id, fingerprint);
  }
  const stale = rows.filter((r) => !decoded.has(r.article.id)).map((r) => r.article.id);
  const whole = new Map((stale.length ? await loadArticles(stale) : []).map((r) => [r.article.id, r]));
  return rows.flatMap((row): StoryMember[] => {
    const fingerprint = decoded.get(row.article.id);
    if (fingerprint) return [{ article: row.article, classification: row.classification, fingerprint }];
    const full = whole.get(row.article.id);
    if (!full) return []; // deleted since it was found
    const fresh = fingerprintOf(full.article, context.gazetteer);
    recomputed.set(row.article.id, encodeFingerprint(fresh, version));
    return [{ article: full.article, classification: full.classification, fingerprint: fresh }];
  });
}

/** The store's candidate queries, answering with story members. */
export class StoredMembers implements StoryCandidateStore {
  /** Fingerprints computed again during this curation, by article id: the caller stores them. */
  readonly recomputed = new Map<string, StoredFingerprint>();
  /** The story each article read belonged to, by article id. */
  readonly storyOf = new Map<string, string>();
  private readonly candidates: StoredCandidates;
  private readonly context: FingerprintContext;

  constructor(candidates: StoredCandidates, context: FingerprintContext) {
    this.candidates = candidates;
    this.context = context;
  }

  findCandidates = async (query: CandidateQuery) => this.membersOf(await this.candidates.findCandidates(query));
  keyFrequencies = () => this.candidates.keyFrequencies();
  /** Only the stories of the articles asked about are read (storyOf): the caller has them, the article being
   * curated among them, whose stored fingerprint is stale or missing until this curation writes it. */
  findStoryMembers = async (ids: string[]) => {
    const { storyOf, others } = await this.candidates.findStoryMembers(ids);
    for (const [id, storyId] of storyOf) this.storyOf.set(id, storyId);
    return this.membersOf(others);
  };

  private noteStories(rows: StoredStoryArticle[]): void {
    for (const row of rows) if (row.storyId) this.storyOf.set(row.article.id, row.storyId);
  }

  private async membersOf(rows: StoredStoryArticle[]): Promise<StoryMember[]> {
    this.noteStories(rows);
    return storedMembersOf(rows, this.context, (ids) => this.candidates.loadArticles(ids), this.recomputed);
  }
}
