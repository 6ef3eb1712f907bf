import { describe, expect, it } from "vitest";
import { COMMON_KEY_MIN_ARTICLES, COMMON_KEY_SHARE, isCommonKey, selectiveKeys } from "../../src/curate/common-keys.ts";
import type { KeyFrequencies } from "../../src/model.ts";
import { MemoryStoryStore } from "../../src/curate/memory-story-store.ts";

const frequencies = (total: number, counts: Record<string, number>): KeyFrequencies => ({
  total,
  articlesWith: (key) => counts[key] ?? 0,
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
