// Everything story linking needs to know about one article, computed once from its title and text.
import { contentHash, splitLead, tokenize, isUnspacedChar } from "./text-normalize.ts";
import { shingleHashes, minhashSignature, lshBandHashes, lshBandWords } from "./minhash.ts";
import type { Signature } from "./minhash.ts";
import { namesIn, nameOfWord, isPlaceName } from "./gazetteer.ts";
import type { Gazetteer } from "./gazetteer.ts";
import { guessLanguage } from "./language-guess.ts";
import { eventDatesIn } from "./event-dates.ts";
import { distinctiveTokens, eventOrdinalsIn, isSignificantNumber, stemOf } from "./distinctive-names.ts";
import type { Vocabulary } from "./distinctive-names.ts";
import type { StoryArticle } from "../model.ts";

export type { DatePrecision, StoryArticle } from "../model.ts";

const DAY_MS = 86_400_000;

/** The span of time the article's date stands for: one instant, a calendar month, or nothing. */
export function dateInterval(article: StoryArticle): [number, number] | undefined {
  const t = article.publishedAt?.getTime();
  if (t === undefined || article.datePrecision === "none") return undefined;
  if (article.datePrecision === "day") return [t, t];
  const start = new Date(t);
  return [t, Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1) - 1];
}

/** Days between two articles' date spans (0 when they overlap), undefined when either date is unknown. */
export function daysBetween(a: StoryArticle, b: StoryArticle): number | undefined {
  const ia = dateInterval(a);
  const ib = dateInterval(b);
  if (!ia || !ib) return undefined;
  return Math.max(0, ia[0] - ib[1], ib[0] - ia[1]) / DAY_MS;
}

/**
 * Distinct terms and their counts, as two arrays in the same order: what decoding a stored fingerprint gives without
 * building a Map of a few hundred entries for each of the 100-200 candidates of a same-story check.
 */
export interface TermCounts {
  readonly names: readonly string[];
  readonly counts: readonly number[];
}

/** What comparing two articles reads: stored with the article at curation (fingerprint-codec.ts), so a candidate
 * is decoded, never fingerprinted again. */
export interface Fingerprint {
  readonly contentHash: string;
  readonly textLength: number;
  readonly language: string;
  readonly signature: Signature;
  /** Number of distinct shingles, to turn estimated Jaccard into containment. */
  readonly shingleCount: number;
  readonly bands: bigint[];
  /** The same bands as two 32-bit words each (lshBandWords), for comparing pairs without bigints. */
  readonly bandWords: Uint32Array;
  /** Term counts of the whole article for TF-IDF (story-similarity.ts): word stems of title (twice) and text, and
   * names, figures and ordinals of title (twice) and text. */
  readonly terms: TermCounts;
  /** Day-and-month mentions in the lead ("July 4"): when the event happened, as the article tells it. */
  leadDates: Set<string>;
  /** Names in the title, figures in title and lead: another report of the same event must not contradict them. */
  distinctive: Set<string>;
  /** Every token, stem, adjacent pair and `@NAME` of the whole article, to check another article's distinctive tokens against. */
  vocabulary: Vocabulary;
}

/** A fingerprint fresh from the text, with what only indexing the article needs (its story keys). */
export interface IndexedFingerprint extends Fingerprint {
  /** Fresh from the text: every entry, for storing. */
  readonly vocabulary: Set<string>;
  /** Word stems and `@NAME` features of title+lead, title counted twice. */
  titleLead: Map<string, number>;
  /** Gazetteer names, significant numbers and event ordinals ("10th summit" → #10) of the whole article: what
   * reports in two languages can share. */
  readonly textNames: Map<string, number>;
}

const MAX_STORY_KEYS = 80;
/** Room kept for names and figures, ahead of words, so a long title+lead cannot crowd them out of the keys. */
const MAX_NAME_KEYS = 40;

/**
 * The features an indexed pre-filter can match on: the article's names and figures (what reports in two languages
 * share) up to half the keys, then title+lead stems and names, then any further names, strongest first. Any pair
 * the same-story rules could link shares some of them, so the store can rank the articles of a time window by
 * shared keys and fingerprint only the best few. Names come first because a Chinese or Thai title+lead yields
 * hundreds of character pairs, which would otherwise fill every key.
 */
export function storyKeysOf(fingerprint: IndexedFingerprint): string[] {
  const byWeight = (vector: Map<string, number>) =>
    [...vector].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key]) => key);
  const names = byWeight(fingerprint.textNames);
  return [
    ...new Set([...names.slice(0, MAX_NAME_KEYS), ...byWeight(fingerprint.titleLead), ...names.slice(MAX_NAME_KEYS)]),
  ].slice(0, MAX_STORY_KEYS);
}

const STOPWORDS = new Set(
  (
    "the of and to in on for a an with at by from as is are was were be been has have had that this it its his her their " +
    "said says will would after over into about than more new also not but or which who he she they we our " +
    "и в во на с со по о об что для не из к ко от за до при как это его ее их а но же также будет были был"
  ).split(" "),
);

// Chinese and Thai come out of the tokenizer one character at a time; pairs of characters carry the meaning.
// Words naming a country are left to the `@NAME` features, which weigh them less.
function wordFeatures(text: string, gazetteer: Gazetteer): string[] {
  const tokens = tokenize(text);
  const features: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (isUnspacedChar(token)) {
      if (i + 1 < tokens.length && isUnspacedChar(tokens[i + 1])) features.push(token + tokens[i + 1]);
    } else if (!STOPWORDS.has(token) && (token.length > 1 || /\p{N}/u.test(token))) {
      const name = nameOfWord(gazetteer, token);
      if (!name || !isPlaceName(name)) features.push(stemOf(token));
    }
  }
  return features;
}

const PLACE_WEIGHT = 0.5;

function addAll(vector: Map<string, number>, features: Iterable<[string, number]>, weight: number): void {
  for (const [feature, count] of features) {
    const w = isPlaceName(feature) ? weight * PLACE_WEIGHT : weight;
    vector.set(feature, (vector.get(feature) ?? 0) + count * w);
  }
}

function counted(features: string[]): Array<[string, number]> {
  return features.map((f) => [f, 1]);
}

function namesAndFigures(
  text: string,
  gazetteer: Gazetteer,
  gazetteerNames = namesIn(gazetteer, text),
): Map<string, number> {
  const names = new Map<string, number>();
  addAll(names, gazetteerNames, 1);
  addAll(names, counted(tokenize(text).filter(isSignificantNumber)), 1);
  addAll(names, counted(eventOrdinalsIn(text)), 1);
  return names;
}

function titleLeadVector(title: string, lead: string, gazetteer: Gazetteer): Map<string, number> {
  const titleLead = new Map<string, number>();
  addAll(titleLead, namesAndFigures(title, gazetteer), 2);
  addAll(titleLead, namesAndFigures(lead, gazetteer), 1);
  addAll(titleLead, counted(wordFeatures(title, gazetteer)), 2);
  addAll(titleLead, counted(wordFeatures(lead, gazetteer)), 1);
  return titleLead;
}

// Counts, not weights: TF-IDF takes a log of them. Title terms count twice, as the title names what the report is about.
function termCounts(title: string, text: string, textNames: Map<string, number>, gazetteer: Gazetteer): TermCounts {
  const terms = new Map<string, number>();
  const add = (features: Iterable<[string, number]>) => {
    for (const [feature, count] of features) terms.set(feature, (terms.get(feature) ?? 0) + count);
  };
  const titleWords = counted(wordFeatures(title, gazetteer));
  add(titleWords);
  add(titleWords);
  add(counted(wordFeatures(text, gazetteer)));
  add(namesAndFigures(title, gazetteer));
  add(textNames);
  return { names: [...terms.keys()], counts: [...terms.values()] };
}

/** Every token, stem and adjacent pair of the title and text, and the gazetteer names they hold (`names`). */
function vocabularyOf(wholeText: string, names: Map<string, number>): Set<string> {
  const vocabulary = new Set<string>();
  let previous = "";
  for (const token of tokenize(wholeText)) {
    vocabulary.add(token);
    vocabulary.add(stemOf(token));
    if (previous) vocabulary.add(`${previous} ${token}`);
    previous = token;
  }
  for (const name of names.keys()) vocabulary.add(name);
  return vocabulary;
}

function once<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

/**
 * Title+lead features are computed at once; the signature, the title's names and the whole-text vocabulary only
 * when asked for, because most candidates from a date window are ruled out by title+lead similarity alone.
 */
export function fingerprintOf(article: { title: string; text: string }, gazetteer: Gazetteer): IndexedFingerprint {
  const { lead } = splitLead(article.text);
  const minhash = once(() => {
    const shingles = shingleHashes(article.text.trim() ? article.text : article.title);
    const signature = minhashSignature(shingles);
    const bandWords = lshBandWords(signature);
    return { signature, shingleCount: shingles.size, bandWords, bands: lshBandHashes(signature, bandWords) };
  });
  const distinctive = once(() => distinctiveTokens(article.title, lead, article.text, gazetteer));
  const wholeText = `${article.title}\n${article.text}`;
  // The whole text's gazetteer names serve both its name features and its vocabulary: one scan, not two.
  const wholeTextNames = once(() => namesIn(gazetteer, wholeText));
  const vocabulary = once(() => vocabularyOf(wholeText, wholeTextNames()));
  const hash = once(() => contentHash(article.text));
  const textNames = once(() => namesAndFigures(wholeText, gazetteer, wholeTextNames()));
  const terms = once(() => termCounts(article.title, article.text, textNames(), gazetteer));
  return {
    get contentHash() {
      return hash();
    },
    get textNames() {
      return textNames();
    },
    textLength: article.text.length,
    language: guessLanguage(`${article.title}\n${article.text}`),
    titleLead: titleLeadVector(article.title, lead, gazetteer),
    get terms() {
      return terms();
    },
    leadDates: eventDatesIn(lead),
    get signature() {
      return minhash().signature;
    },
    get shingleCount() {
      return minhash().shingleCount;
    },
    get bands() {
      return minhash().bands;
    },
    get bandWords() {
      return minhash().bandWords;
    },
    get distinctive() {
      return distinctive();
    },
    get vocabulary() {
      return vocabulary();
    },
  };
}

/** True when the two signatures agree on a whole LSH band: the condition for the band index to find the pair. */
export function sharesBand(a: Fingerprint, b: Fingerprint): boolean {
  const wa = a.bandWords;
  const wb = b.bandWords;
  for (let i = 0; i < wa.length; i += 2) if (wa[i] === wb[i] && wa[i + 1] === wb[i + 1]) return true;
  return false;
}
