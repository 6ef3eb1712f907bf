// Verdicts on a pair of articles that do not depend on the window they are compared in: whether they are copies
// (story-links.ts) and whether their facts tell different events apart (story-similarity.ts). Similarity itself
// depends on the window (its document frequencies); these do not, so a worker keeps them from one curation to the
// next. Consecutive curations in a busy stretch compare mostly the same stored articles, and a curation run again
// after a concurrent one (curate-article.ts) compares exactly the same ones.
//
// An article is known by its id together with what its verdicts are computed from: its text (the fingerprint's
// content hash), its title (which names its distinctive things) and its date. Within one set of settings (one
// curation context: a new taxonomy or story settings come as a new object, and the table starts afresh) that
// fixes its fingerprint, so a kept verdict is always what computing it would give. Objects are no key: in a busy
// burst a worker reads the same rows again and decodes the same fingerprints again (its caches are bounded), and
// keyed by object most verdicts were computed again. Memory is fixed: a table of SLOTS entries, emptied when half
// full, and at most ARTICLES_KEPT articles numbered.
import type { Fingerprint, StoryArticle } from "./article-fingerprint.ts";
import type { DatePrecision } from "../model.ts";
import type { StorySettings } from "../config/story-settings.ts";

interface Compared {
  article: StoryArticle;
  fingerprint: Fingerprint;
}

/** Entries of the table: 2^19, 4.5 MB (a key of 8 bytes and a verdict byte each). */
const SLOTS = 1 << 19;
const MASK = SLOTS - 1;
/** Ordinals stay below 2^26, so that a pair of them is an exact double. */
const ORDINAL_LIMIT = 1 << 26;
/** Articles numbered at most (a few MB of ids and titles), far more than a busy fortnight's windows touch. */
const ARTICLES_KEPT = 20_000;

/** What an article's verdicts are computed from, besides its id, and its number in the table. */
interface Numbered {
  contentHash: string;
  title: string;
  publishedAt: number | undefined;
  datePrecision: DatePrecision;
  ordinal: number;
}

const COPIES_KNOWN = 1;
const COPIES = 2;
const EVENTS_KNOWN = 4;
const DIFFERENT_EVENTS = 8;

class PairVerdicts {
  private keys = new Float64Array(SLOTS);
  private verdicts = new Uint8Array(SLOTS);
  private used = 0;
  private ordinals = new Map<string, Numbered>();
  private nextOrdinal = 1;
  private settings: StorySettings | undefined;

  /** areCopies' verdict past its cheap tests, computed once per pair (and per settings). */
  copies<T extends Compared>(
    a: T,
    b: T,
    settings: StorySettings,
    compute: (a: T, b: T, settings: StorySettings) => boolean,
  ): boolean {
    this.useSettings(settings);
    return this.verdict(a, b, COPIES_KNOWN, COPIES, compute, settings);
  }

  /** differentEvents' verdict, computed once per pair (and per curation context, whose settings these are). */
  differentEvents<T extends Compared>(a: T, b: T, settings: StorySettings, compute: (a: T, b: T) => boolean): boolean {
    this.useSettings(settings);
    return this.verdict(a, b, EVENTS_KNOWN, DIFFERENT_EVENTS, compute, undefined);
  }

  /** Verdicts of another curation context (other settings, another taxonomy) are not kept. */
  private useSettings(settings: StorySettings): void {
    if (settings === this.settings) return;
    this.clear();
    this.settings = settings;
  }

  // The verdict's function and its arguments are passed apart: a closure for each pair compared was garbage.
  private verdict<T extends Compared, A>(
    a: T,
    b: T,
    known: number,
    yes: number,
    compute: (a: T, b: T, argument: A) => boolean,
    argument: A,
  ): boolean {
    if (this.nextOrdinal > ORDINAL_LIMIT - 2 || this.ordinals.size > ARTICLES_KEPT - 2) this.clear();
    const x = this.ordinalOf(a);
    const y = this.ordinalOf(b);
    const key = x < y ? x * ORDINAL_LIMIT + y : y * ORDINAL_LIMIT + x;
    let slot = (Math.imul(x ^ y, 0x9e3779b1) ^ Math.imul(Math.min(x, y), 0x85ebca6b)) & MASK;
    while (this.keys[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & MASK;
    const stored = this.keys[slot] === key ? this.verdicts[slot] : 0;
    if (stored & known) return (stored & yes) !== 0;
    const value = compute(a, b, argument);
    if (this.keys[slot] === 0) {
      if (this.used >= SLOTS / 2) {
        this.clear();
        return value;
      }
      this.keys[slot] = key;
      this.used++;
    }
    this.verdicts[slot] = stored | known | (value ? yes : 0);
    return value;
  }

  private ordinalOf({ article, fingerprint }: Compared): number {
    const kept = this.ordinals.get(article.id);
    const publishedAt = article.publishedAt?.getTime();
    if (
      kept &&
      kept.contentHash === fingerprint.contentHash &&
      kept.title === article.title &&
      kept.publishedAt === publishedAt &&
      kept.datePrecision === article.datePrecision
    ) {
      return kept.ordinal;
    }
    const ordinal = this.nextOrdinal++;
    const { contentHash } = fingerprint;
    this.ordinals.set(article.id, {
      contentHash,
      title: article.title,
      publishedAt,
      datePrecision: article.datePrecision,
      ordinal,
    });
    return ordinal;
  }

  private clear(): void {
    this.keys.fill(0);
    this.verdicts.fill(0);
    this.used = 0;
    this.ordinals = new Map();
    this.nextOrdinal = 1;
  }
}

/** One table per worker process: curation is synchronous between its reads, so no two use it at once. */
export const pairVerdicts = new PairVerdicts();
