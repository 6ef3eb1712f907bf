// Stored fingerprints: what the story stage decodes for every candidate instead of fingerprinting its text again.
import { describe, expect, it } from "vitest";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";
import { createCurateContext } from "../../src/curate/curate-context.ts";
import { fingerprintOf } from "../../src/curate/article-fingerprint.ts";
import { decodeFingerprint, encodeFingerprint } from "../../src/curate/fingerprint-codec.ts";
import { SYNDICATED, TWO_MOUS_SAME_DAY } from "./fixtures/stories.ts";

const taxonomy = loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml");
const context = createCurateContext(taxonomy);
const version = context.fingerprintVersion;

describe("stored fingerprints", () => {
  it("answer vocabulary lookups from the stored text before building a Set, alike either way", () => {
    const fresh = fingerprintOf(SYNDICATED[0], context.gazetteer);
    const asked = ["xi", "astana", "qqq", "ast", "tana", "xi jinping"];
    const before = () =>
      asked.map((w) => decodeFingerprint(encodeFingerprint(fresh, version), version)?.vocabulary.has(w));
    const decoded = decodeFingerprint(encodeFingerprint(fresh, version), version);
    for (let i = 0; i < 100; i++) decoded?.vocabulary.has("qqq");
    expect(asked.map((w) => decoded?.vocabulary.has(w))).toEqual(before());
    expect(before()).toEqual(asked.map((w) => fresh.vocabulary.has(w)));
  });

  it("decode to what fingerprinting the text gives, for everything comparing two articles reads", () => {
    for (const article of [...SYNDICATED, ...TWO_MOUS_SAME_DAY]) {
      const fresh = fingerprintOf(article, context.gazetteer);
      const decoded = decodeFingerprint(encodeFingerprint(fresh, version), version);
      expect(decoded).toBeDefined();
      if (!decoded) continue;
      expect(decoded.contentHash).toBe(fresh.contentHash);
      expect(decoded.textLength).toBe(fresh.textLength);
      expect(decoded.language).toBe(fresh.language);
      expect([...decoded.signature]).toEqual([...fresh.signature]);
      expect(decoded.shingleCount).toBe(fresh.shingleCount);
      expect(decoded.bands).toEqual(fresh.bands);
      expect(decoded.terms).toEqual(fresh.terms);
      expect(decoded.leadDates).toEqual(fresh.leadDates);
      expect(decoded.distinctive).toEqual(fresh.distinctive);
      // Every entry is found, and nothing else: not a part of an entry, not two entries run together. The
      // lookups run past the point where the decoded vocabulary builds a Set, so both ways are checked.
      const entries = [...fresh.vocabulary];
      expect(entries.length).toBeGreaterThan(100);
      for (const entry of entries) expect(decoded.vocabulary.has(entry)).toBe(true);
      for (const entry of entries.slice(0, 80)) {
        expect(decoded.vocabulary.has(`${entry}q`)).toBe(fresh.vocabulary.has(`${entry}q`));
        expect(decoded.vocabulary.has(entry.slice(1))).toBe(fresh.vocabulary.has(entry.slice(1)));
      }
      expect(decoded.vocabulary.has("")).toBe(false);
      expect(decoded.vocabulary.has(`${entries[0]}\n${entries[1]}`)).toBe(false);
    }
  });

  it("are the same bytes every time, so curating an article again writes nothing", () => {
    const article = SYNDICATED[0];
    const first = encodeFingerprint(fingerprintOf(article, context.gazetteer), version);
    const second = encodeFingerprint(fingerprintOf({ ...article }, context.gazetteer), version);
    expect(second.data).toBe(first.data);
  });

  it("are not used when made with another gazetteer, or when they cannot be read", () => {
    const stored = encodeFingerprint(fingerprintOf(SYNDICATED[0], context.gazetteer), version);
    const otherTaxonomy = {
      ...taxonomy,
      countries: taxonomy.countries.map((c, i) => (i === 0 ? { ...c, terms: [...c.terms, "Zanadu"] } : c)),
    };
    const otherVersion = createCurateContext(otherTaxonomy).fingerprintVersion;
    expect(otherVersion).not.toBe(version);
    expect(decodeFingerprint(stored, otherVersion)).toBeUndefined();
    expect(decodeFingerprint({ version, data: stored.data.slice(0, 40) }, version)).toBeUndefined();
    expect(decodeFingerprint({ version, data: '{"hash":"x"}' }, version)).toBeUndefined();
  });
});
