import { describe, expect, it } from "vitest";
import {
  BAND_COUNT,
  NUM_HASHES,
  estimateContainment,
  estimateJaccard,
  exactJaccard,
  lshBandHashes,
  lshBandWords,
  shingleHashes,
  signatureOf,
} from "../../src/curate/minhash.ts";
import { contentHash, normalizeText, splitLead } from "../../src/curate/text-normalize.ts";
import { sharesBand, type Fingerprint } from "../../src/curate/article-fingerprint.ts";

const TEXT =
  "Kazakhstan and China agreed on Monday to open a second railway crossing at the border, officials said after talks in Astana. " +
  "The new line will double freight capacity and shorten transit times for containers travelling between China and Europe. " +
  "Construction is expected to start next year and take three years, according to the transport ministry.";

describe("normalisation and content hash", () => {
  it("hashes copies that differ only in case, punctuation and spacing the same", () => {
    expect(contentHash("Xi meets Tokayev -- in ASTANA!")).toBe(contentHash("xi meets tokayev in  Astana"));
    expect(contentHash("Xi meets Tokayev")).not.toBe(contentHash("Xi meets Mirziyoyev"));
  });

  it("joins words across apostrophes so Xi'an and Xian are one word", () => {
    expect(normalizeText("Xi'an Declaration")).toBe(normalizeText("Xian declaration"));
  });

  it("widens a dateline-only first paragraph into a real lead", () => {
    const { lead, body } = splitLead(
      "BEIJING, June 6 (Xinhua)\nXi congratulated the signing of the agreement on the railway project linking the three countries, which he called a strategic decision for the whole region and its people.\nSecond paragraph about other details that belong in the body of the article and not in the lead at all, since it is long enough.\nThird.",
    );
    expect(lead).toContain("Xi congratulated");
    expect(body).toContain("Third.");
  });
});

describe("shingles and MinHash signatures", () => {
  it("gives the same signature for the same text on every run (fixed seeds)", () => {
    expect([...signatureOf(TEXT)]).toEqual([...signatureOf(TEXT)]);
    expect(signatureOf(TEXT)).toHaveLength(NUM_HASHES);
  });

  it("uses word shingles for spaced text and character shingles for Chinese", () => {
    expect(shingleHashes("one two three four").size).toBe(2);
    expect(shingleHashes("中国中亚峰会").size).toBe(4);
  });

  it("estimates Jaccard close to the exact value", () => {
    const edited = TEXT.replace("three years", "four years").replace("Monday", "Tuesday");
    const exact = exactJaccard(shingleHashes(TEXT), shingleHashes(edited));
    expect(Math.abs(estimateJaccard(signatureOf(TEXT), signatureOf(edited)) - exact)).toBeLessThan(0.15);
    expect(
      estimateJaccard(
        signatureOf(TEXT),
        signatureOf("Completely unrelated words about tennis in Stuttgart this spring"),
      ),
    ).toBeLessThan(0.1);
  });

  it("recognises a trimmed copy by containment even when Jaccard is diluted", () => {
    const trimmed = TEXT.split(". ").slice(0, 2).join(". ");
    const jaccard = estimateJaccard(signatureOf(TEXT), signatureOf(trimmed));
    const containment = estimateContainment(jaccard, shingleHashes(TEXT).size, shingleHashes(trimmed).size);
    expect(containment).toBeGreaterThan(0.8);
  });

  it("produces one signed 64-bit band hash per band, equal for equal bands", () => {
    const bands = lshBandHashes(signatureOf(TEXT));
    expect(bands).toHaveLength(BAND_COUNT);
    for (const hash of bands) {
      expect(typeof hash).toBe("bigint");
      expect(hash).toBeGreaterThanOrEqual(-(2n ** 63n));
      expect(hash).toBeLessThan(2n ** 63n);
    }
    const copy = lshBandHashes(signatureOf(`${TEXT} Read more at our website.`));
    expect(copy.filter((hash, band) => hash === bands[band]).length).toBeGreaterThan(BAND_COUNT / 2);
  });

  it("gives the band words of the bands: a pair shares a word pair exactly where it shares a band", () => {
    const texts = [
      TEXT,
      `${TEXT} Read more at our website.`,
      TEXT.split(". ").slice(1).join(". "),
      "Another text entirely.",
    ];
    const words = texts.map((t) => lshBandWords(signatureOf(t)));
    const bands = texts.map((t) => lshBandHashes(signatureOf(t)));
    for (let t = 0; t < texts.length; t++) {
      expect(lshBandHashes(signatureOf(texts[t]), words[t])).toEqual(bands[t]);
      for (let band = 0; band < BAND_COUNT; band++) {
        const joined = (BigInt(words[t][band * 2]) << 32n) | BigInt(words[t][band * 2 + 1]);
        expect(BigInt.asIntN(64, joined)).toBe(bands[t][band]);
      }
    }
    for (let x = 0; x < texts.length; x++) {
      for (let y = 0; y < texts.length; y++) {
        const shared = bands[x].some((hash, band) => bands[y][band] === hash);
        const a = { bandWords: words[x] } as Fingerprint;
        const b = { bandWords: words[y] } as Fingerprint;
        expect(sharesBand(a, b)).toBe(shared);
      }
    }
  });
});
