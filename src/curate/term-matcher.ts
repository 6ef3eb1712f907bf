// Finds taxonomy terms in text. Spaced scripts match whole words (`term`) or word prefixes (`stem*`, which is how
// Russian inflection is handled: "казахстан*" finds Казахстана, Казахстану); terms in Chinese or Thai match as
// substrings of the text with spaces removed, since those scripts do not separate words.
import { normalizeText, isUnspacedChar } from "./text-normalize.ts";
import type { Taxonomy } from "../config/taxonomy.ts";

export type Where = "title" | "lead" | "body";
export type TermGroup = "country" | "region" | "entity" | "topic";

export interface CompiledTerm {
  group: TermGroup;
  key: string;
  term: string;
  /** Fixed string searched with indexOf (fast path), or undefined when the term has a stem and needs `pattern`. */
  needle?: string;
  pattern?: RegExp;
  unspaced: boolean;
  /** What every match starts with: the first word (whole, or a stem's letters), or an unspaced term's text. */
  firstWord: string;
}

export interface TermHit {
  group: TermGroup;
  key: string;
  term: string;
  where: Where;
  sentence: number;
  /** Where the match lies in its field, in the coordinates of the spaced or (for unspaced terms) compact view. */
  start: number;
  end: number;
  unspaced: boolean;
}

export interface FieldView {
  spaced: string;
  compact: string;
  spacedStarts: number[];
  compactStarts: number[];
}

const SENTENCE_BREAK = /(?<=[.!?。！？])\s+|\n+|(?<=[。！？])/u;

export function compileTerms(taxonomy: Taxonomy): CompiledTerm[] {
  const terms: CompiledTerm[] = [];
  const add = (group: TermGroup, key: string, list: string[]) => {
    for (const term of list) {
      const compiled = compileTerm(group, key, term);
      if (compiled) terms.push(compiled);
    }
  };
  for (const c of taxonomy.countries) add("country", c.code, c.terms);
  add("region", "central_asia", taxonomy.regionTerms);
  for (const e of taxonomy.entities) add("entity", e.id, e.terms);
  for (const t of taxonomy.topics) add("topic", t.id, t.terms);
  return terms;
}

/** `word*` is a stem: any word starting with it. Stems may appear in any word of a phrase ("центральн* ази*"). */
export function compileTerm(group: TermGroup, key: string, term: string): CompiledTerm | undefined {
  const words = term
    .trim()
    .split(/\s+/)
    .map((w) => ({ text: normalizeText(w.replace(/\*$/, "")), stem: w.endsWith("*") }));
  const normalized = words
    .map((w) => w.text)
    .filter((w) => w)
    .join(" ");
  if (!normalized) return undefined;
  const unspaced = [...normalized].some(isUnspacedChar);
  if (unspaced) {
    const needle = normalized.replace(/ /g, "");
    return { group, key, term, needle, unspaced, firstWord: needle };
  }
  const firstWord = normalized.split(" ")[0];
  if (!words.some((w) => w.stem)) return { group, key, term, needle: ` ${normalized} `, unspaced, firstWord };
  const body = words
    .filter((w) => w.text)
    .map((w) => w.text.split(" ").map(escapeRegExp).join(" ") + (w.stem ? "[\\p{L}\\p{M}]*" : ""))
    .join(" ");
  return { group, key, term, pattern: new RegExp(` ${body}(?= )`, "gu"), unspaced, firstWord };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A field as terms are matched in it: the spaced view (words between single spaces) and the compact one. */
export function viewOf(text: string): FieldView {
  const sentences = text
    .split(SENTENCE_BREAK)
    .map(normalizeText)
    .filter((s) => s.length > 0);
  const spacedStarts: number[] = [];
  const compactStarts: number[] = [];
  let spaced = " ";
  let compact = "";
  for (const sentence of sentences) {
    spacedStarts.push(spaced.length - 1);
    spaced += `${sentence} . `;
    compactStarts.push(compact.length);
    compact += `${sentence.replace(/ /g, "")}.`;
  }
  return { spaced, compact, spacedStarts, compactStarts };
}

function sentenceAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function hitOf(term: CompiledTerm, view: FieldView, where: Where, at: number, length: number): TermHit {
  // Spaced matches begin with the space before the first word; the span covers the words only, so that two
  // neighbouring words ("china kazakhstan") do not overlap on the space they share.
  const starts = term.unspaced ? view.compactStarts : view.spacedStarts;
  return {
    group: term.group,
    key: term.key,
    term: term.term,
    where,
    sentence: sentenceAt(starts, at),
    start: term.unspaced ? at : at + 1,
    end: term.unspaced ? at + length : at + length - 1,
    unspaced: term.unspaced,
  };
}

/**
 * The terms by how a match of each must begin, so a text is read once whatever the taxonomy's size (searching it
 * once per term was a tenth of a worker's time): spaced terms by the first one or two characters of their first
 * word (a match begins at a word's start), unspaced terms by their first character (a match begins anywhere).
 */
interface TermIndex {
  spacedByPrefix: Map<string, number[]>;
  unspacedByFirst: Map<string, number[]>;
  /** Sticky copies of the stem patterns: they match exactly where asked. */
  sticky: Array<RegExp | undefined>;
}

const termIndexes = new WeakMap<CompiledTerm[], TermIndex>();

function termIndexOf(terms: CompiledTerm[]): TermIndex {
  let index = termIndexes.get(terms);
  if (index) return index;
  index = { spacedByPrefix: new Map(), unspacedByFirst: new Map(), sticky: [] };
  terms.forEach((term, i) => {
    const first = term.firstWord;
    const [map, key] = term.unspaced
      ? [index.unspacedByFirst, first.slice(0, 1)]
      : [index.spacedByPrefix, first.slice(0, 2)];
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
    index.sticky[i] = term.pattern && new RegExp(term.pattern.source, "yu");
  });
  termIndexes.set(terms, index);
  return index;
}

/**
 * Every match of the terms in one field, term by term and left to right within a term, as searching for each
 * term in turn finds them: a term's matches never overlap (spaced ones share their bounding spaces).
 */
function findInField(terms: CompiledTerm[], index: TermIndex, view: FieldView, where: Where): TermHit[] {
  const found: Array<{ term: number; at: number; hit: TermHit }> = [];
  const nextFrom = new Map<number, number>();
  const tryAt = (candidates: number[] | undefined, haystack: string, at: number) => {
    for (const i of candidates ?? []) {
      if (at < (nextFrom.get(i) ?? 0)) continue;
      const term = terms[i];
      let length: number;
      if (term.needle !== undefined) {
        if (!haystack.startsWith(term.needle, at)) continue;
        length = term.needle.length;
        nextFrom.set(i, at + (term.unspaced ? length : length - 1));
      } else {
        const sticky = index.sticky[i] as RegExp;
        sticky.lastIndex = at;
        const match = sticky.exec(haystack);
        if (!match) continue;
        length = match[0].length + 1;
        nextFrom.set(i, at + match[0].length);
      }
      found.push({ term: i, at, hit: hitOf(term, view, where, at, length) });
    }
  };
  const spaced = view.spaced;
  if (index.spacedByPrefix.size) {
    // Every word starts right after a space; the view starts with one.
    for (
      let space = spaced.indexOf(" ");
      space >= 0 && space + 1 < spaced.length;
      space = spaced.indexOf(" ", space + 1)
    ) {
      const at = space + 1;
      if (spaced[at] === " ") continue;
      tryAt(index.spacedByPrefix.get(spaced[at]), spaced, space);
      if (at + 1 < spaced.length && spaced[at + 1] !== " ")
        tryAt(index.spacedByPrefix.get(spaced.slice(at, at + 2)), spaced, space);
    }
  }
  if (index.unspacedByFirst.size) {
    const compact = view.compact;
    for (let at = 0; at < compact.length; at++) tryAt(index.unspacedByFirst.get(compact[at]), compact, at);
  }
  found.sort((a, b) => a.term - b.term || a.at - b.at);
  return found.map((f) => f.hit);
}

/**
 * The hits left when overlapping matches are resolved in favour of the longer one: "economic cooperation" is one
 * mention, not also a mention of "economic"; "Central Asia–China gas pipeline" is the pipeline, not also the C+C5
 * format its first words spell. Hits compete only with hits in the same field and view.
 */
export function withoutOverlaps(hits: TermHit[]): TermHit[] {
  const ordered = [...hits].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: TermHit[] = [];
  for (const hit of ordered) {
    const overlaps = kept.some(
      (k) => k.where === hit.where && k.unspaced === hit.unspaced && k.start < hit.end && hit.start < k.end,
    );
    if (!overlaps) kept.push(hit);
  }
  return kept;
}

/** Every hit of every term in the three fields, with the sentence index inside its field. */
export function findTerms(terms: CompiledTerm[], fields: Record<Where, string>): TermHit[] {
  const index = termIndexOf(terms);
  return (["title", "lead", "body"] as const).flatMap((where) =>
    findInField(terms, index, viewOf(fields[where]), where),
  );
}
