import { describe, expect, it } from "vitest";
import {
  COMMON_KEY_MIN_ARTICLES,
  COMMON_KEY_SHARE,
  isCommonKey,
  selectiveBands,
  selectiveKeys,
} from "../../src/curate/common-keys.ts";
import type { KeyFrequencies } from "../../src/model.ts";
import { MemoryStoryStore } from "../../src/curate/memory-story-store.ts";

const frequencies = (total: number, counts: Record<string, number>): KeyFrequencies => ({
  total,
  articlesWith: (key) => counts[key] ?? 0,
  articlesWithBand: (band, hash) => counts[`${band}:${hash}`] ?? 0,
});

describe("which story keys find window candidates", () => {
  it("calls a key common only past both the share and the count", () => {
    expect(isCommonKey(COMMON_KEY_MIN_ARTICLES + 1, 1_000)).toBe(true);
    expect(isCommonKey(COMMON_KEY_MIN_ARTICLES, 1_000)).toBe(false);
    // In a small archive no key is common, however many articles carry it.
    expect(isCommonKey(150, 160)).toBe(false);
    // In a large one, a key of a few hundred articles is not.
    expect(isCommonKey(COMMON_KEY_SHARE * 100_000 - 1, 100_000)).toBe(false);
    expect(isCommonKey(COMMON_KEY_SHARE * 100_000 + 1, 100_000)).toBe(true);
  });

  it("finds by every key that is not common, in the order given", () => {
    const keys = ["@CN", "zhakupov", "cooper", "725", "@KZ"];
    const counts = { "@CN": 9_000, cooper: 3_000, "@KZ": 2_500, zhakupov: 12, "725": 40 };
    expect(selectiveKeys(keys, frequencies(10_000, counts))).toEqual(["zhakupov", "725"]);
    expect(selectiveKeys(keys, frequencies(0, {}))).toEqual(keys);
  });

  it("finds by the rarest key alone when every key is common, and by nothing without keys", () => {
    const counts = { "@CN": 9_000, cooper: 3_000, "@KZ": 2_500 };
    expect(selectiveKeys(["@CN", "cooper", "@KZ"], frequencies(10_000, counts))).toEqual(["@KZ"]);
    expect(selectiveKeys([], frequencies(10_000, counts))).toEqual([]);
  });
});

describe("which LSH bands find copies", () => {
  const bands = [11n, 22n, 33n, 44n];

  it("finds by every band when none is common, so the query is the one it always was", () => {
    expect(selectiveBands(bands, frequencies(10_000, { "1:22": 400 }))).toBeUndefined();
    expect(selectiveBands(bands, frequencies(0, {}))).toBeUndefined();
  });

  it("finds by the bands that are not common, by band index (the same hash in another band is another key)", () => {
    const counts = { "0:11": 3_000, "2:33": 900, "3:33": 9_000 };
    expect(selectiveBands(bands, frequencies(10_000, counts))).toEqual([1, 3]);
  });

  it("finds by the rarest band alone when every band is common", () => {
    const counts = { "0:11": 3_000, "1:22": 900, "2:33": 2_000, "3:44": 5_000 };
    expect(selectiveBands(bands, frequencies(10_000, counts))).toEqual([1]);
  });
});

describe("window candidates in the memory store", () => {
  const day = (d: number) => new Date(Date.UTC(2025, 0, d));
  const classification = { relevant: true, relevance: 1, topics: [], countries: [], entities: [], evidence: [] };
  const index = (storyKeys: string[]) => ({
    contentHash: "h",
    storyKeys,
    bands: [],
    fingerprint: { version: "v", data: "{}" },
  });
  const save = (store: MemoryStoryStore, id: string, storyKeys: string[]) =>
    store.saveCuration({
      articleId: id,
      classification,
      index: index(storyKeys),
      fingerprints: new Map(),
      storiesRead: [],
      storylessRead: [],
      stories: [],
    });

  it("counts the keys of what it holds, and a common key ranks but does not find", async () => {
    const store = new MemoryStoryStore();
    for (let i = 0; i < 300; i++) {
      const id = `a${String(i).padStart(3, "0")}`;
      store.add({
        id,
        url: `https://m.example/${i}`,
        outlet: "m",
        title: id,
        text: "x",
        publishedAt: day(5),
        datePrecision: "day",
      });
      await save(store, id, i < 3 ? ["@CN", "zhakupov", ...(i === 2 ? ["copper"] : [])] : ["@CN", `other-${i}`]);
    }
    const frequencies = await store.keyFrequencies();
    expect(frequencies.articlesWith("@CN")).toBe(300);
    const keys = ["@CN", "zhakupov", "copper"];
    const finding = selectiveKeys(keys, frequencies);
    expect(finding).toEqual(["zhakupov", "copper"]);
    const found = await store.findPublishedBetween(day(1), day(10), keys, 100, finding);
    expect(found.map((s) => s.article.id)).toEqual(["a002", "a000", "a001"]);
    // An article curated again with other keys is counted by its new keys only.
    await save(store, "a000", ["copper"]);
    expect((await store.keyFrequencies()).articlesWith("zhakupov")).toBe(2);
    expect((await store.keyFrequencies()).articlesWith("copper")).toBe(2);
  });
});

describe("band candidates in the memory store", () => {
  it("counts the band hashes of what it holds, and a common band ranks but does not find", async () => {
    const store = new MemoryStoryStore();
    const classification = { relevant: true, relevance: 1, topics: [], countries: [], entities: [], evidence: [] };
    // 300 articles share band 0's hash (a template's); a0-a2 also share band 1 with the probe, a2 band 2 too.
    for (let i = 0; i < 300; i++) {
      const id = `a${String(i).padStart(3, "0")}`;
      store.add({ id, url: `https://m.example/${i}`, outlet: "m", title: id, text: "x", datePrecision: "none" });
      const bands = [5n, i < 3 ? 6n : BigInt(1000 + i), i === 2 ? 7n : BigInt(2000 + i)];
      await store.saveCuration({
        articleId: id,
        classification,
        index: { contentHash: id, storyKeys: [], bands, fingerprint: { version: "v", data: "{}" } },
        fingerprints: new Map(),
        storiesRead: [],
        storylessRead: [],
        stories: [],
      });
    }
    const probe = [5n, 6n, 7n];
    const frequencies = await store.keyFrequencies();
    expect(frequencies.articlesWithBand(0, 5n)).toBe(300);
    expect(frequencies.articlesWithBand(1, 6n)).toBe(3);
    // The same hash in another band is another key.
    expect(frequencies.articlesWithBand(1, 5n)).toBe(0);
    const finding = selectiveBands(probe, frequencies);
    expect(finding).toEqual([1, 2]);
    const found = await store.findByBands(probe, { limit: 50, finding });
    expect(found.map((s) => s.article.id)).toEqual(["a002", "a000", "a001"]);
    expect(await store.findByBands(probe, { limit: 50 })).toHaveLength(50);
  });
});
