// Stored fingerprints: what the story stage decodes for every candidate instead of fingerprinting its text again.
import { describe, expect, it } from "vitest";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";
import { createCurateContext } from "../../src/curate/curate-context.ts";
import { fingerprintOf } from "../../src/curate/article-fingerprint.ts";
import {
  DecodedFingerprints,
  decodeFingerprint,
  encodeFingerprint,
  vocabularyHash,
} from "../../src/curate/fingerprint-codec.ts";
import { SYNDICATED, TWO_MOUS_SAME_DAY } from "./fixtures/stories.ts";

const taxonomy = loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml");
const context = createCurateContext(taxonomy);
const version = context.fingerprintVersion;

describe("stored fingerprints", () => {
  it("answer vocabulary lookups as the fresh vocabulary does, the same answer every time", () => {
    const fresh = fingerprintOf(SYNDICATED[0], context.gazetteer);
    const asked = ["xi", "astana", "qqq", "ast", "tana", "xi jinping", "jinping xi", "Astana", ""];
    const decoded = decodeFingerprint(encodeFingerprint(fresh, version), version);
    const answers = asked.map((w) => decoded?.vocabulary.has(w));
    expect(answers).toEqual(asked.map((w) => fresh.vocabulary.has(w)));
    expect(answers.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 100; i++) decoded?.vocabulary.has("qqq");
    expect(asked.map((w) => decoded?.vocabulary.has(w))).toEqual(answers);
  });

  it("keep the vocabulary as four bytes an entry, whatever the entries' length", () => {
    const fresh = fingerprintOf(SYNDICATED[0], context.gazetteer);
    const stored = JSON.parse(encodeFingerprint(fresh, version).data) as { vocabulary: string };
    const entries = [...fresh.vocabulary];
    expect(Buffer.from(stored.vocabulary, "base64").length).toBe(4 * new Set(entries.map(vocabularyHash)).size);
    expect(stored.vocabulary.length).toBeLessThan(entries.join("\n").length);
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
      // Every entry is found, and nothing else: not a part of an entry, not two entries run together.
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

  it("decoded once are kept while their stored text is the same, within a budget of characters", () => {
    const [first, second, third] = SYNDICATED.map((a) =>
      encodeFingerprint(fingerprintOf(a, context.gazetteer), version),
    );
    const kept = new DecodedFingerprints(first.data.length + second.data.length);
    const decoded = kept.decode("a", first, version);
    expect(decoded?.contentHash).toBe(fingerprintOf(SYNDICATED[0], context.gazetteer).contentHash);
    // Read again (a new string with the same text, as each query gives): the same decoded value.
    expect(kept.decode("a", { version, data: `${first.data} `.trimEnd() }, version)).toBe(decoded);
    // The article was curated again and its fingerprint changed: decoded afresh.
    const changed = kept.decode("a", second, version);
    expect(changed).not.toBe(decoded);
    expect(changed?.contentHash).toBe(decodeFingerprint(second, version)?.contentHash);
    // Another version is never answered from what was kept.
    expect(kept.decode("a", second, "another")).toBeUndefined();
    // Over budget, the least recently used goes first.
    kept.decode("b", first, version);
    kept.decode("c", second, version);
    const b = kept.decode("b", first, version);
    kept.decode("d", third, version);
    expect(kept.size).toBeLessThanOrEqual(2);
    expect(kept.decode("b", first, version)).toBe(b);
  });
});
