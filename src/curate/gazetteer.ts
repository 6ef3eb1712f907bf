// Language-independent names: taxonomy countries, regions and entities found in a text, as `@KEY` features.
// They let story linking compare a Russian, a German and an English report of one event, whose words differ.
import { compileTerms, findTerms } from "./term-matcher.ts";
import { normalizeText, isUnspacedChar, tokenize } from "./text-normalize.ts";
import type { CompiledTerm } from "./term-matcher.ts";
import type { Taxonomy } from "../config/taxonomy.ts";

export interface Gazetteer {
  /** Terms of several words or in unspaced scripts: the ones a word-by-word lookup cannot find. */
  phrases: Phrase[];
  /** Single-word terms, for looking up one word without scanning every term (a leader's name is a country term
   * and a person entity: every key is kept). */
  words: Map<string, string[]>;
  /** Single-word stems by their first two letters. */
  stems: Map<string, Array<[string, string]>>;
}

interface Phrase {
  term: CompiledTerm;
  /** The first word (a stem when it ends in `*`); a text without it cannot contain the phrase. */
  firstWord: string;
  firstIsStem: boolean;
}

function phraseOf(term: CompiledTerm): Phrase {
  const first = term.term.trim().split(/\s+/)[0];
  return { term, firstWord: normalizeText(first.replace(/\*$/, "")).split(" ")[0], firstIsStem: first.endsWith("*") };
}

export function createGazetteer(taxonomy: Taxonomy): Gazetteer {
  const terms = compileTerms(taxonomy).filter((t) => t.group !== "topic");
  const words = new Map<string, string[]>();
  const stems = new Map<string, Array<[string, string]>>();
  const phrases: Phrase[] = [];
  for (const term of terms) {
    const word = normalizeText(term.term.replace(/\*$/, ""));
    if (term.unspaced || word.includes(" ")) {
      phrases.push(phraseOf(term));
      continue;
    }
    if (!term.term.endsWith("*")) {
      const keys = words.get(word) ?? [];
      if (!keys.includes(`@${term.key}`)) words.set(word, [...keys, `@${term.key}`]);
    } else {
      const bucket = stems.get(word.slice(0, 2)) ?? [];
      bucket.push([word, `@${term.key}`]);
      stems.set(word.slice(0, 2), bucket);
    }
  }
  return { phrases, words, stems };
}

/** `@KEY` for every gazetteer name in the text, with how often it occurs. */
export function namesIn(gazetteer: Gazetteer, text: string): Map<string, number> {
  const found = new Map<string, number>();
  const add = (key: string) => found.set(key, (found.get(key) ?? 0) + 1);
  const words = new Set<string>();
  let unspaced = false;
  for (const token of tokenize(text)) {
    if (isUnspacedChar(token)) {
      unspaced = true;
      continue;
    }
    words.add(token);
    for (const key of wordKeys(gazetteer, token)) add(key);
  }
  for (const hit of findTerms(possiblePhrases(gazetteer, words, unspaced), { title: text, lead: "", body: "" }))
    add(`@${hit.key}`);
  return found;
}

// Only phrases whose first word occurs are searched for: a handful instead of hundreds.
function possiblePhrases(gazetteer: Gazetteer, words: Set<string>, unspaced: boolean): CompiledTerm[] {
  const possible: CompiledTerm[] = [];
  for (const phrase of gazetteer.phrases) {
    const present = phrase.term.unspaced
      ? unspaced
      : phrase.firstIsStem
        ? [...words].some((w) => w.startsWith(phrase.firstWord))
        : words.has(phrase.firstWord);
    if (present) possible.push(phrase.term);
  }
  return possible;
}

const NO_KEYS: readonly string[] = [];
const NO_STEMS: ReadonlyArray<[string, string]> = [];

// Asked for every word of every text: most words name nothing, and those get no allocation at all.
function wordKeys(gazetteer: Gazetteer, normalized: string): readonly string[] {
  const exact = gazetteer.words.get(normalized) ?? NO_KEYS;
  let keys: Set<string> | undefined;
  for (const [stem, key] of gazetteer.stems.get(normalized.slice(0, 2)) ?? NO_STEMS)
    if (normalized.startsWith(stem) && !exact.includes(key)) (keys ??= new Set(exact)).add(key);
  return keys ? [...keys] : exact;
}

/** The gazetteer key a single word stands for ("Kirgisistan" → @KG), if any. */
export function nameOfWord(gazetteer: Gazetteer, word: string): string | undefined {
  const normalized = normalizeText(word);
  if ([...normalized].some(isUnspacedChar)) {
    const hits = findTerms(
      gazetteer.phrases.map((p) => p.term),
      { title: normalized, lead: "", body: "" },
    );
    return hits.length > 0 ? `@${hits[0].key}` : undefined;
  }
  return wordKeys(gazetteer, normalized)[0];
}

/** Country and region names: the common ground of every article here, so they say little about which story it is. */
export function isPlaceName(name: string): boolean {
  return /^@([A-Z]{2}|central_asia)$/.test(name);
}
