import { describe, expect, it } from "vitest";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";
import { createCurateContext } from "../../src/curate/curate-context.ts";
import { fingerprintOf, type Fingerprint } from "../../src/curate/article-fingerprint.ts";
import { isNameFeature, termCosine, TermWeights } from "../../src/curate/story-similarity.ts";
import { areCopies } from "../../src/curate/story-links.ts";
import { summarizeStory, type StoryMember } from "../../src/curate/story-cluster.ts";
import { random, sentence, vocabulary } from "../../scripts/synthetic-text.ts";

// The fast paths of story comparison (numbered term vectors, copy checks only where a band is shared) must answer
// exactly as the plain definitions do. These oracles are the plain definitions, written out again.
const context = createCurateContext(loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml"));
const settings = context.settings;
const DAY_MS = 86_400_000;

/** Articles in families: an original, copies with a sentence added or cut, and other texts on the same words. */
function members(count: number, seed: number): StoryMember[] {
  const rand = random(seed);
  const words = [
    ...vocabulary(rand, 300),
    "Kazakhstan",
    "Uzbekistan",
    "China",
    "Tokayev",
    "Astana",
    "1.5 billion",
    "railway",
  ];
  const result: StoryMember[] = [];
  for (let family = 0; result.length < count; family++) {
    const paragraphs = Array.from({ length: 3 + Math.floor(rand() * 3) }, () => `${sentence(rand, words, 30)}.`);
    const title = sentence(rand, words, 8);
    const day = Math.floor(rand() * 4);
    for (let copy = 0; copy < 1 + Math.floor(rand() * 4) && result.length < count; copy++) {
      const text =
        copy === 0 ? paragraphs : copy % 2 ? [`${sentence(rand, words, 10)}.`, ...paragraphs] : paragraphs.slice(1);
      const article = {
        id: `a${result.length}`,
        url: `https://outlet${copy}.example/${family}`,
        outlet: `outlet${copy}`,
        title: copy === 3 ? sentence(rand, words, 8) : title,
        text: text.join("\n"),
        publishedAt: new Date(Date.UTC(2025, 5, 1) + day * DAY_MS + copy * 3_600_000),
        datePrecision: "day" as const,
      };
      result.push({ article, fingerprint: fingerprintOf(article, context.gazetteer) });
    }
  }
  return result;
}

/** TF-IDF cosine as story-similarity.ts defines it, with maps. */
function plainCosine(a: Fingerprint, b: Fingerprint, all: Fingerprint[]): number {
  const df = new Map<string, number>();
  for (const f of all) for (const term of f.terms.names) df.set(term, (df.get(term) ?? 0) + 1);
  const vector = (f: Fingerprint, namesOnly: boolean) => {
    const v = new Map<string, number>();
    for (const [i, term] of f.terms.names.entries()) {
      const tf = f.terms.counts[i];
      if (namesOnly && !isNameFeature(term)) continue;
      v.set(term, Math.log1p(tf) * Math.log((all.length + 50) / ((df.get(term) ?? 0) + 0.5)));
    }
    return v;
  };
  const namesOnly = a.language !== b.language;
  const va = vector(a, namesOnly);
  const vb = vector(b, namesOnly);
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0));
  let dot = 0;
  for (const [term, w] of va) dot += w * (vb.get(term) ?? 0);
  return norm(va) && norm(vb) ? dot / (norm(va) * norm(vb)) : 0;
}

describe("story comparison fast paths against their plain definitions", () => {
  it("numbered term vectors give the cosine of TF-IDF maps for every pair of a window", () => {
    const window = members(60, 7);
    const fingerprints = window.map((m) => m.fingerprint);
    const weights = new TermWeights(fingerprints);
    let alike = 0;
    for (let i = 0; i < window.length; i++) {
      for (let j = 0; j < window.length; j++) {
        const fast = termCosine(fingerprints[i], fingerprints[j], weights);
        expect(fast).toBeCloseTo(plainCosine(fingerprints[i], fingerprints[j], fingerprints), 12);
        if (i !== j && fast > 0.5) alike++;
      }
    }
    // The window holds copies, so the comparison is not only between strangers.
    expect(alike).toBeGreaterThan(20);
  });

  it("a fingerprint outside the counted set is weighted as holding terms no document holds", () => {
    const window = members(20, 11);
    const outsider = members(25, 12).at(-1) as StoryMember;
    const weights = new TermWeights(window.map((m) => m.fingerprint));
    const fingerprints = window.map((m) => m.fingerprint);
    for (const m of window) {
      const expected = plainCosine(m.fingerprint, outsider.fingerprint, fingerprints);
      expect(termCosine(m.fingerprint, outsider.fingerprint, weights)).toBeCloseTo(expected, 12);
    }
  });

  it("a story's copies are found as by checking every pair", () => {
    const story = members(80, 3);
    const parent = story.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    let copies = 0;
    for (let i = 0; i < story.length; i++) {
      for (let j = i + 1; j < story.length; j++) {
        if (areCopies(story[i], story[j], settings)) {
          copies++;
          parent[find(i)] = find(j);
        }
      }
    }
    expect(copies).toBeGreaterThan(30);
    const summary = summarizeStory(story, settings, context.isWire);
    const originalOf = new Map(summary.members.map((m) => [m.id, m.duplicateOfId ?? m.id]));
    for (let i = 0; i < story.length; i++) {
      for (let j = 0; j < story.length; j++) {
        const sameGroup = find(i) === find(j);
        expect(originalOf.get(story[i].article.id) === originalOf.get(story[j].article.id)).toBe(sameGroup);
      }
    }
  });
});
