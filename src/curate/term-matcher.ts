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

interface FieldView {
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
  if (unspaced) return { group, key, term, needle: normalized.replace(/ /g, ""), unspaced };
  if (!words.some((w) => w.stem)) return { group, key, term, needle: ` ${normalized} `, unspaced };
  const body = words
    .filter((w) => w.text)
    .map((w) => w.text.split(" ").map(escapeRegExp).join(" ") + (w.stem ? "[\\p{L}\\p{M}]*" : ""))
    .join(" ");
  return { group, key, term, pattern: new RegExp(` ${body}(?= )`, "gu"), unspaced };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function viewOf(text: string): FieldView {
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

function findInView(term: CompiledTerm, view: FieldView, where: Where, out: TermHit[]): void {
  const haystack = term.unspaced ? view.compact : view.spaced;
  const starts = term.unspaced ? view.compactStarts : view.spacedStarts;
  // Spaced matches begin with the space before the first word; the span covers the words only, so that two
  // neighbouring words ("china kazakhstan") do not overlap on the space they share.
  const hit = (at: number, length: number) => {
    const start = term.unspaced ? at : at + 1;
    const end = term.unspaced ? at + length : at + length - 1;
    const sentence = sentenceAt(starts, at);
    out.push({
      group: term.group,
      key: term.key,
      term: term.term,
      where,
      sentence,
      start,
      end,
      unspaced: term.unspaced,
    });
  };
  if (term.pattern) {
    for (const match of haystack.matchAll(term.pattern)) hit(match.index, match[0].length + 1);
    return;
  }
  const needle = term.needle as string;
  // Spaced needles share their bounding spaces with neighbouring words, so the next search starts on that space.
  const step = term.unspaced ? needle.length : needle.length - 1;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + step)) hit(at, needle.length);
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
  const hits: TermHit[] = [];
  for (const where of ["title", "lead", "body"] as const) {
    const view = viewOf(fields[where]);
    for (const term of terms) findInView(term, view, where, hits);
  }
  return hits;
}
