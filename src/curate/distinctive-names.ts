// Names and figures that tell one event from a look-alike ("… signs MoU with Sinopec" versus "… with CNPC").
import { normalizeText, tokenize } from "./text-normalize.ts";
import { nameOfWord } from "./gazetteer.ts";
import type { Gazetteer } from "./gazetteer.ts";

const STEM_LENGTH = 6;
const DAY_OF_MONTH_MAX = 31;
const CALENDAR_WORDS = new Set(
  (
    "january february march april may june july august september october november december jan feb mar apr jun jul aug " +
    "sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday"
  ).split(" "),
);

/** A crude stem that works across languages well enough for overlap measures: the first six letters. */
export function stemOf(token: string): string {
  return token.length > STEM_LENGTH && !/^\p{N}+$/u.test(token) ? token.slice(0, STEM_LENGTH) : token;
}

/** Amounts and counts; days of the month and years are left out because copies' datelines differ in them. */
export function isSignificantNumber(token: string): boolean {
  if (!/^\p{N}+$/u.test(token)) return false;
  const value = Number(token);
  return value > DAY_OF_MONTH_MAX && !(value >= 1900 && value <= 2100);
}

// "10th summit", "10-й саммит", "第10届": the ordinal of a recurring event names which one it is. Ordinals next to a
// month word are dates ("June 16th", "10-го ноября") and are left out.
const ORDINAL =
  /(?<![\p{L}\p{N}])(\d{1,3})(?:st|nd|rd|th|-(?:й|я|го|м|ый|ой|ий|ая|ое|ом|ем))(?![\p{L}\p{N}])(?:\s+(?:of\s+)?(\p{L}+))?/giu;
const MONTH_WORD =
  /^(jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)/i;

/** `#N` for every ordinal of an event in the text ("the 10th summit" → #10). */
export function eventOrdinalsIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(ORDINAL)) {
    const preceding =
      text
        .slice(Math.max(0, (m.index ?? 0) - 12), m.index)
        .trim()
        .split(/\s+/)
        .pop() ?? "";
    if (MONTH_WORD.test(m[2] ?? "") || MONTH_WORD.test(preceding)) continue;
    found.push(`#${Number(m[1])}`);
  }
  for (const m of text.matchAll(/第\s*(\d{1,3})\s*[届次轮]/gu)) found.push(`#${Number(m[1])}`);
  return found;
}

/** Words written with a capital inside a sentence somewhere in the text: names of people, places, companies. */
function capitalisedWords(text: string): Set<string> {
  const names = new Set<string>();
  for (const sentence of text.split(/(?<=[.!?:])\s+|\n+/)) {
    const words = sentence.match(/[\p{L}\p{M}'’]+/gu) ?? [];
    for (let i = 1; i < words.length; i++) if (/^\p{Lu}/u.test(words[i])) names.add(normalizeText(words[i]));
  }
  return names;
}

/**
 * Title words the article itself writes as names or acronyms, and significant numbers of the title and lead
 * (a sum, a count). Words the gazetteer knows become their `@KEY`, so "Kirgisistan" and "Kyrgyzstan" agree.
 */
export function distinctiveTokens(title: string, lead: string, text: string, gazetteer: Gazetteer): Set<string> {
  // The text, not the title: titles are often in Title Case, where every word looks like a name.
  const names = capitalisedWords(text);
  const found = new Set<string>();
  for (const word of title.match(/[\p{L}\p{M}\p{N}'’]+/gu) ?? []) {
    const token = normalizeText(word);
    const isName = token.length > 1 && !CALENDAR_WORDS.has(token) && (names.has(token) || /^\p{Lu}{2,}$/u.test(word));
    if (/^\p{N}+$/u.test(token) && isSignificantNumber(token)) found.add(token);
    if (isName) found.add(nameOfWord(gazetteer, word) ?? token);
  }
  for (const token of tokenize(lead)) if (isSignificantNumber(token)) found.add(token);
  return found;
}

/** What a vocabulary is asked: a Set when fingerprinted afresh, sorted hashes when decoded (fingerprint-codec.ts). */
export interface Vocabulary {
  has(entry: string): boolean;
}

interface Comparable {
  language: string;
  distinctive: Set<string>;
  vocabulary: Vocabulary;
}

/** What another vocabulary is asked about one distinctive token (hasUnshared), worked out once per token. */
interface Probe {
  token: string;
  /** A name the gazetteer knows (`@KZ`) or a number: compared across languages, and never by a variant. */
  exact: boolean;
  /** Two words: only the phrase itself counts. */
  phrase: boolean;
  /** Forms of a single word that count as its mention: its stem, then the word less or plus a short ending. */
  variants: string[];
}

// Keyed by the fingerprint's own Set (stable for a fingerprint, fresh or decoded): a window compares every pair of
// its members, so the variants of a title's words were built again for each pair, and that was much of the garbage.
const probesOf = new WeakMap<Set<string>, Probe[]>();

function probes(distinctive: Set<string>): Probe[] {
  let found = probesOf.get(distinctive);
  if (!found) {
    found = [...distinctive].map((token) => ({
      token,
      exact: token.startsWith("@") || /^\p{N}/u.test(token),
      phrase: token.includes(" "),
      variants: [stemOf(token), ...variantsOf(token)],
    }));
    probesOf.set(distinctive, found);
  }
  return found;
}

// "Asian" and "Asia", "Uzbek" and "Uzbeks": one word is the other plus a short ending.
function variantsOf(token: string): string[] {
  const variants: string[] = [];
  for (let cut = 1; cut <= 3 && token.length - cut >= 4; cut++) variants.push(token.slice(0, -cut));
  for (const ending of ["s", "n", "an", "es"]) variants.push(token + ending);
  return variants;
}

// Words are only compared within one language; names the gazetteer knows and numbers are compared across languages.
function hasUnshared(from: Comparable, other: Comparable): boolean {
  const sameLanguage = from.language === other.language;
  const vocabulary = other.vocabulary;
  for (const probe of probes(from.distinctive)) {
    if (vocabulary.has(probe.token)) continue;
    if (probe.exact) return true;
    if (!sameLanguage) continue;
    if (probe.phrase || !probe.variants.some((variant) => vocabulary.has(variant))) return true;
  }
  return false;
}

/**
 * True when each article's title names something the other never mentions: they report different facts (another
 * company, another sum). A one-sided difference is an added intro or a shorter copy, not a contradiction.
 */
export function contradicts(a: Comparable, b: Comparable): boolean {
  return hasUnshared(a, b) && hasUnshared(b, a);
}
