// The term index (term-matcher.ts) reads a text once for all terms; these tests hold it to what searching for each
// term in turn finds, on texts made of the shipped taxonomy's own words, so that every term has matches to find,
// next to each other, repeated, inflected, cut short and inside longer words.
import { describe, expect, it } from "vitest";
import { compileTerms, findTerms, viewOf, type CompiledTerm, type Where } from "../../src/curate/term-matcher.ts";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";

const terms = compileTerms(loadTaxonomyFile("config/taxonomy.yaml"));

/** The matcher as it was: each term searched for over the whole field, left to right. */
function termByTerm(fields: Record<Where, string>) {
  const hits: Array<{ key: string; term: string; where: Where; start: number; end: number }> = [];
  for (const where of ["title", "lead", "body"] as const) {
    const view = viewOf(fields[where]);
    for (const term of terms) {
      const haystack = term.unspaced ? view.compact : view.spaced;
      const add = (at: number, length: number) =>
        hits.push({
          key: term.key,
          term: term.term,
          where,
          start: term.unspaced ? at : at + 1,
          end: term.unspaced ? at + length : at + length - 1,
        });
      if (term.pattern) {
        for (const match of haystack.matchAll(term.pattern)) add(match.index, match[0].length + 1);
        continue;
      }
      const needle = term.needle as string;
      const step = term.unspaced ? needle.length : needle.length - 1;
      for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + step)) add(at, needle.length);
    }
  }
  return hits;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Words and pieces of the taxonomy's terms, as a text would hold them: whole, inflected, cut, glued to others. */
function textOf(rand: () => number, words: number): string {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    const term: CompiledTerm = pick(terms);
    const raw = term.term.replace(/\*/g, () => pick(["", "а", "ой", "s", "ии", "an"]));
    const roll = rand();
    if (roll < 0.45) parts.push(raw);
    else if (roll < 0.55) parts.push(raw.toUpperCase());
    else if (roll < 0.65) parts.push(raw.slice(0, Math.max(1, Math.floor(raw.length * rand()))));
    else if (roll < 0.72) parts.push(raw + pick(terms).term.replace(/\*/g, ""));
    else if (roll < 0.8) parts.push(raw, raw);
    else parts.push(pick(["the", "and", "и", "в", "的", "是", "2024", "c5", "—", ",", ".", "!", "\n", "'s"]));
  }
  return parts.join(rand() < 0.5 ? " " : pick([" ", "", "-", ", "]));
}

describe("term index", () => {
  it("finds exactly what searching term by term finds, in the same order", () => {
    const rand = seeded(20261201);
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const fields = { title: textOf(rand, 8), lead: textOf(rand, 30), body: textOf(rand, 120) };
      const expected = termByTerm(fields);
      const found = findTerms(terms, fields).map(({ key, term, where, start, end }) => ({
        key,
        term,
        where,
        start,
        end,
      }));
      expect(found).toEqual(expected);
      compared += expected.length;
    }
    // The texts must exercise the matcher: thousands of hits of spaced, stemmed and unspaced terms.
    expect(compared).toBeGreaterThan(10_000);
  });

  it("keeps a term's matches apart where searching term by term does", () => {
    const twoWords = compileTerms({
      countries: [{ code: "XX", terms: ["a a", "中中"] }],
      regionTerms: [],
      entities: [],
      topics: [],
    } as never);
    const hits = findTerms(twoWords, { title: "a a a a a", lead: "中中中中中", body: "" });
    expect(hits.map((h) => [h.where, h.start, h.end])).toEqual([
      ["title", 1, 4],
      ["title", 5, 8],
      ["lead", 0, 2],
      ["lead", 2, 4],
    ]);
  });
});
