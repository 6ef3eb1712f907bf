import { describe, expect, it } from "vitest";
import { COMMON_KEY_MIN_ARTICLES, COMMON_KEY_SHARE, isCommonKey, selectiveKeys } from "../../src/curate/common-keys.ts";
import type { KeyFrequencies } from "../../src/model.ts";

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
