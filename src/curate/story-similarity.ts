// How alike two reports are, as one number in [0, 1]: the cosine of TF-IDF term vectors (title, lead and body
// words, plus the gazetteer's names, figures and event ordinals), scaled by a decay over the days between them.
// Across languages only names, figures and ordinals can be compared, so the cosine is taken over those alone.
// Document frequencies come from the set being clustered (the candidate window of an article, see assign-story.ts),
// smoothed by a prior of documents assumed not to hold the term, so a window of two behaves like plain term
// frequency and a busy window discounts the words every report of the day uses.
import type { Fingerprint, StoryArticle } from "./article-fingerprint.ts";
import { daysBetween } from "./article-fingerprint.ts";
import type { StorySettings } from "../config/story-settings.ts";
import { contradicts } from "./distinctive-names.ts";
import { eventDatesDisagree } from "./event-dates.ts";
import { isPreview } from "./event-dates.ts";
import { pairVerdicts } from "./pair-verdicts.ts";

export interface Comparable {
  article: StoryArticle;
  fingerprint: Fingerprint;
}

/** Documents assumed outside the window that do not hold a term: keeps IDF meaningful for small windows. */
const IDF_PRIOR_DOCUMENTS = 50;
/** A date known only to the month is taken as at least this many days from any other date. */
const IMPRECISE_DATE_DAYS = 2;

/** A language-independent feature: a gazetteer name (`@KZ`), a figure, or an event ordinal (`#10`). */
export function isNameFeature(feature: string): boolean {
  return feature.startsWith("@") || feature.startsWith("#") || /^\p{N}/u.test(feature);
}

/** A term vector: term ids (TermWeights' numbering) and their weights, in the fingerprint's term order. */
interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

interface Weighted {
  all: SparseVector;
  allNorm: number;
  names: SparseVector;
  namesNorm: number;
}

/**
 * TF-IDF vectors of a set of articles, weighted with document frequencies counted over the set itself.
 * Terms are numbered once per set, so a dot product reads arrays instead of looking strings up in maps: clustering
 * a window compares every pair of its members, and that was a quarter of a worker's time in a burst.
 */
export class TermWeights {
  private readonly idOf = new Map<string, number>();
  /** Each counted fingerprint's term ids, in its term order: numbered once, when counted. */
  private readonly idsOf = new Map<Fingerprint, Int32Array>();
  /** isNameFeature of each term id, decided once. */
  private readonly isName: boolean[] = [];
  /** Documents of the set holding each term id; 0 for a term met only outside the set. */
  private readonly df: number[] = [];
  private readonly size: number;
  private readonly cache = new Map<Fingerprint, Weighted>();
  /** One vector spread out by term id (`loaded`), the side of a dot product that is looked up. */
  private dense: Float64Array;
  private loaded: SparseVector | undefined;

  constructor(fingerprints: Fingerprint[]) {
    this.size = fingerprints.length;
    for (const f of fingerprints) {
      const names = f.terms.names;
      const ids = new Int32Array(names.length);
      for (let i = 0; i < names.length; i++) this.df[(ids[i] = this.termId(names[i]))]++;
      this.idsOf.set(f, ids);
    }
    this.dense = new Float64Array(this.idOf.size);
  }

  private termId(term: string): number {
    let id = this.idOf.get(term);
    if (id === undefined) {
      this.idOf.set(term, (id = this.idOf.size));
      this.isName.push(isNameFeature(term));
      this.df.push(0);
    }
    return id;
  }

  private idfOf(documents: number): number {
    return Math.log((this.size + IDF_PRIOR_DOCUMENTS) / (documents + 0.5));
  }

  of(fingerprint: Fingerprint): Weighted {
    let weighted = this.cache.get(fingerprint);
    if (!weighted) {
      const { names: terms, counts } = fingerprint.terms;
      // A fingerprint outside the set is numbered now: its terms new to the set get ids counted in no document.
      const ids = this.idsOf.get(fingerprint) ?? Int32Array.from(terms, (term) => this.termId(term));
      const weights = new Float64Array(terms.length);
      let allNorm = 0;
      let namesNorm = 0;
      let nameCount = 0;
      for (let i = 0; i < terms.length; i++) {
        const w = Math.log1p(counts[i]) * this.idfOf(this.df[ids[i]]);
        weights[i] = w;
        allNorm += w * w;
        if (this.isName[ids[i]]) {
          nameCount++;
          namesNorm += w * w;
        }
      }
      // Sized once counted: this runs for every candidate of every check, so it allocates no growing arrays.
      const names: SparseVector = { ids: new Int32Array(nameCount), weights: new Float64Array(nameCount) };
      for (let i = 0, n = 0; i < terms.length; i++) {
        if (!this.isName[ids[i]]) continue;
        names.ids[n] = ids[i];
        names.weights[n++] = weights[i];
      }
      weighted = { all: { ids, weights }, allNorm: Math.sqrt(allNorm), names, namesNorm: Math.sqrt(namesNorm) };
      this.cache.set(fingerprint, weighted);
    }
    return weighted;
  }

  /**
   * Σ w·w' over the terms both vectors hold. `lookup` is the whole vector of the larger side: a name's weight is the
   * same in a fingerprint's whole vector and in its names alone, so one spread-out vector serves both products.
   * The smaller side is summed in its own term order, as a map-based product would.
   */
  dot(small: SparseVector, lookup: SparseVector): number {
    // Terms first met after the spread-out array was sized (a fingerprint outside the set) need room too.
    if (this.dense.length < this.idOf.size) {
      const grown = new Float64Array(this.idOf.size * 2);
      grown.set(this.dense);
      this.dense = grown;
    }
    if (this.loaded !== lookup) this.load(lookup);
    const dense = this.dense;
    let sum = 0;
    for (let i = 0; i < small.ids.length; i++) sum += small.weights[i] * dense[small.ids[i]];
    return sum;
  }

  private load(vector: SparseVector): void {
    if (this.loaded) for (const id of this.loaded.ids) this.dense[id] = 0;
    for (let i = 0; i < vector.ids.length; i++) this.dense[vector.ids[i]] = vector.weights[i];
    this.loaded = vector;
  }
}

/** Cosine of the two articles' weighted vectors: all terms in one language, names and figures across two. */
export function termCosine(a: Fingerprint, b: Fingerprint, weights: TermWeights): number {
  // The smaller side is summed, the larger looked up. Compared without building pairs: this runs for every pair of
  // a window, and a pair per call was a fifth of the bytes a worker allocated.
  const wa = weights.of(a);
  const wb = weights.of(b);
  if (a.language === b.language) {
    if (!wa.allNorm || !wb.allNorm) return 0;
    const dot = wa.all.ids.length <= wb.all.ids.length ? weights.dot(wa.all, wb.all) : weights.dot(wb.all, wa.all);
    return dot / (wa.allNorm * wb.allNorm);
  }
  if (!wa.namesNorm || !wb.namesNorm) return 0;
  const dot =
    wa.names.ids.length <= wb.names.ids.length ? weights.dot(wa.names, wb.all) : weights.dot(wb.names, wa.all);
  return dot / (wa.namesNorm * wb.namesNorm);
}

// Facts, not wording, keep two look-alike reports apart, whatever their similarity:
// - leads that date their events to different days report different events (an arrival and the next day's talks);
// - each title names a company, person or figure the other never mentions (two MoUs with different companies);
// - a preview (its lead dates the event after its own publication) is another story than the event's report:
//   "X will attend the summit on June 16" and "X addressed the summit" are what a reader wants as two items.
export function differentEvents(a: Comparable, b: Comparable): boolean {
  const fa = a.fingerprint;
  const fb = b.fingerprint;
  if (eventDatesDisagree(fa.leadDates, fb.leadDates)) return true;
  if (isPreview(fa.leadDates, a.article) !== isPreview(fb.leadDates, b.article)) return true;
  return contradicts(fa, fb);
}

/** Decay of similarity with the days between two reports; 0 beyond the window or when a date is unknown. */
export function timeDecay(a: StoryArticle, b: StoryArticle, settings: StorySettings): number {
  const days = daysBetween(a, b);
  if (days === undefined || days > settings.sameStoryWindowDays) return 0;
  const precise = a.datePrecision === "day" && b.datePrecision === "day";
  const effective = precise ? days : Math.max(days, IMPRECISE_DATE_DAYS);
  return Math.exp(-effective / settings.sameStoryDecayDays);
}

/** Similarity of two different texts for story clustering: cosine × decay × a discount across languages. */
export function storySimilarity(a: Comparable, b: Comparable, weights: TermWeights, settings: StorySettings): number {
  const decay = timeDecay(a.article, b.article, settings);
  if (decay === 0) return 0;
  const cosine = termCosine(a.fingerprint, b.fingerprint, weights);
  const scale = a.fingerprint.language === b.fingerprint.language ? 1 : settings.crossLanguageScale;
  const similarity = cosine * decay * scale;
  if (similarity < settings.sameStorySimilarity / 2) return similarity;
  return pairVerdicts.differentEvents(a, b, settings, differentEvents) ? 0 : similarity;
}
