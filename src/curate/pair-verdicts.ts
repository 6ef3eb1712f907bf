// Verdicts on a pair of articles that do not depend on the window they are compared in: whether they are copies
// (story-links.ts) and whether their facts tell different events apart (story-similarity.ts). Similarity itself
// depends on the window (its document frequencies); these do not, so a worker keeps them from one curation to the
// next. Consecutive curations in a busy stretch compare mostly the same stored articles, and a curation run again
// after a concurrent one (curate-article.ts) compares exactly the same ones.
//
// An article is known by its fingerprint object together with its article object: the worker keeps both between
// curations (fingerprint-codec.ts, story-store.ts), and a changed row or a fingerprint decoded again is a new
// object, so a kept verdict is always what computing it would give. Memory is fixed: a table of SLOTS entries,
// emptied when half full.
import type { Fingerprint, StoryArticle } from "./article-fingerprint.ts";
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

const COPIES_KNOWN = 1;
const COPIES = 2;
const EVENTS_KNOWN = 4;
const DIFFERENT_EVENTS = 8;

class PairVerdicts {
  private keys = new Float64Array(SLOTS);
  private verdicts = new Uint8Array(SLOTS);
  private used = 0;
  private ordinals = new WeakMap<Fingerprint, { article: StoryArticle; ordinal: number }>();
  private nextOrdinal = 1;
  private settings: StorySettings | undefined;

  /** areCopies' verdict past its cheap tests, computed once per pair (and per settings). */
  copies<T extends Compared>(
    a: T,
    b: T,
    settings: StorySettings,
    compute: (a: T, b: T, settings: StorySettings) => boolean,
  ): boolean {
    // Copies depend on the settings; a context with other settings starts afresh.
    if (settings !== this.settings) {
      this.clear();
      this.settings = settings;
    }
    return this.verdict(a, b, COPIES_KNOWN, COPIES, compute, settings);
  }

  /** differentEvents' verdict, computed once per pair. */
  differentEvents<T extends Compared>(a: T, b: T, compute: (a: T, b: T) => boolean): boolean {
    return this.verdict(a, b, EVENTS_KNOWN, DIFFERENT_EVENTS, compute, undefined);
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
    if (this.nextOrdinal > ORDINAL_LIMIT - 2) this.clear();
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

  private ordinalOf(member: Compared): number {
    const kept = this.ordinals.get(member.fingerprint);
    if (kept && kept.article === member.article) return kept.ordinal;
    const ordinal = this.nextOrdinal++;
    this.ordinals.set(member.fingerprint, { article: member.article, ordinal });
    return ordinal;
  }

  private clear(): void {
    this.keys.fill(0);
    this.verdicts.fill(0);
    this.used = 0;
    this.ordinals = new WeakMap();
    this.nextOrdinal = 1;
  }
}

/** One table per worker process: curation is synchronous between its reads, so no two use it at once. */
export const pairVerdicts = new PairVerdicts();
