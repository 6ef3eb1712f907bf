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

interface Weighted {
  all: Map<string, number>;
  allNorm: number;
  names: Map<string, number>;
  namesNorm: number;
}

/** TF-IDF vectors of a set of articles, weighted with document frequencies counted over the set itself. */
export class TermWeights {
  private readonly df = new Map<string, number>();
  private readonly size: number;
  private readonly cache = new Map<Fingerprint, Weighted>();

  constructor(fingerprints: Fingerprint[]) {
    this.size = fingerprints.length;
    for (const f of fingerprints) for (const term of f.terms.keys()) this.df.set(term, (this.df.get(term) ?? 0) + 1);
  }

  idf(term: string): number {
    return Math.log((this.size + IDF_PRIOR_DOCUMENTS) / ((this.df.get(term) ?? 0) + 0.5));
  }

  of(fingerprint: Fingerprint): Weighted {
    let weighted = this.cache.get(fingerprint);
    if (!weighted) {
      const all = new Map<string, number>();
      const names = new Map<string, number>();
      let allNorm = 0;
      let namesNorm = 0;
      for (const [term, tf] of fingerprint.terms) {
        const w = Math.log1p(tf) * this.idf(term);
        all.set(term, w);
        allNorm += w * w;
        if (isNameFeature(term)) {
          names.set(term, w);
          namesNorm += w * w;
        }
      }
      weighted = { all, allNorm: Math.sqrt(allNorm), names, namesNorm: Math.sqrt(namesNorm) };
      this.cache.set(fingerprint, weighted);
    }
    return weighted;
  }
}

function dot(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, w] of small) {
    const other = large.get(term);
    if (other !== undefined) sum += w * other;
  }
  return sum;
}

/** Cosine of the two articles' weighted vectors: all terms in one language, names and figures across two. */
export function termCosine(a: Fingerprint, b: Fingerprint, weights: TermWeights): number {
  const wa = weights.of(a);
  const wb = weights.of(b);
  if (a.language === b.language) return wa.allNorm && wb.allNorm ? dot(wa.all, wb.all) / (wa.allNorm * wb.allNorm) : 0;
  return wa.namesNorm && wb.namesNorm ? dot(wa.names, wb.names) / (wa.namesNorm * wb.namesNorm) : 0;
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
  return differentEvents(a, b) ? 0 : similarity;
}
