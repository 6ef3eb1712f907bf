import { describe, expect, it } from "vitest";
import { pairVerdicts } from "../../src/curate/pair-verdicts.ts";
import { DEFAULT_STORY_SETTINGS } from "../../src/config/story-settings.ts";
import type { Fingerprint, StoryArticle } from "../../src/curate/article-fingerprint.ts";
import { createCurateContext } from "../../src/curate/curate-context.ts";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";

// The table knows an article by its id, text hash, title and date: these stand-ins carry nothing else.
let n = 0;
const member = () => {
  n++;
  return {
    article: { id: `a${n}`, title: `Title ${n}`, publishedAt: new Date(Date.UTC(2025, 0, 1)), datePrecision: "day" },
    fingerprint: { contentHash: `h${n}` },
  } as { article: StoryArticle; fingerprint: Fingerprint };
};

/** A verdict function that counts its calls. */
function counted(value: boolean) {
  const compute = () => {
    compute.calls++;
    return value;
  };
  compute.calls = 0;
  return compute;
}

describe("pair verdicts kept between curations", () => {
  it("computes a pair's verdict once, in either order", () => {
    const [a, b] = [member(), member()];
    const yes = counted(true);
    expect(pairVerdicts.copies(a, b, DEFAULT_STORY_SETTINGS, yes)).toBe(true);
    expect(pairVerdicts.copies(b, a, DEFAULT_STORY_SETTINGS, yes)).toBe(true);
    expect(yes.calls).toBe(1);
    const no = counted(false);
    const c = member();
    expect(pairVerdicts.copies(a, c, DEFAULT_STORY_SETTINGS, no)).toBe(false);
    expect(pairVerdicts.copies(c, a, DEFAULT_STORY_SETTINGS, no)).toBe(false);
    expect(no.calls).toBe(1);
  });

  it("keeps the copy verdict and the events verdict of one pair apart", () => {
    const [a, b] = [member(), member()];
    const copies = counted(true);
    const events = counted(false);
    expect(pairVerdicts.copies(a, b, DEFAULT_STORY_SETTINGS, copies)).toBe(true);
    expect(pairVerdicts.differentEvents(a, b, DEFAULT_STORY_SETTINGS, events)).toBe(false);
    expect(pairVerdicts.differentEvents(b, a, DEFAULT_STORY_SETTINGS, events)).toBe(false);
    expect(pairVerdicts.copies(b, a, DEFAULT_STORY_SETTINGS, copies)).toBe(true);
    expect([copies.calls, events.calls]).toEqual([1, 1]);
  });

  it("knows an article read again (new objects, same row), and decides again once its text, title or date changed", () => {
    const [a, b] = [member(), member()];
    const first = counted(true);
    pairVerdicts.copies(a, b, DEFAULT_STORY_SETTINGS, first);
    const readAgain = { article: { ...b.article }, fingerprint: { ...b.fingerprint } };
    expect(pairVerdicts.copies(readAgain, a, DEFAULT_STORY_SETTINGS, first)).toBe(true);
    expect(first.calls).toBe(1);
    const changes = [
      { ...b, fingerprint: { ...b.fingerprint, contentHash: "edited" } },
      { ...b, article: { ...b.article, title: "Retitled" } },
      { ...b, article: { ...b.article, publishedAt: new Date(Date.UTC(2025, 0, 2)) } },
      { ...b, article: { ...b.article, datePrecision: "month" as const } },
    ];
    for (const changed of changes) {
      const again = counted(false);
      expect(pairVerdicts.copies(a, changed, DEFAULT_STORY_SETTINGS, again)).toBe(false);
      expect(again.calls).toBe(1);
    }
  });

  it("gives each curation context settings of its own, so a new taxonomy with the same settings starts afresh", () => {
    const taxonomy = loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml");
    const [first, second] = [createCurateContext(taxonomy), createCurateContext(taxonomy)];
    expect(first.settings).toEqual(second.settings);
    expect(first.settings).not.toBe(second.settings);
    const [a, b] = [member(), member()];
    const verdict = counted(true);
    pairVerdicts.copies(a, b, first.settings, verdict);
    pairVerdicts.copies(a, b, second.settings, verdict);
    expect(verdict.calls).toBe(2);
  });

  it("decides again with other settings (another curation context)", () => {
    const [a, changedRow] = [member(), member()];
    pairVerdicts.copies(a, changedRow, DEFAULT_STORY_SETTINGS, counted(true));
    const stricter = { ...DEFAULT_STORY_SETTINGS, nearDuplicateJaccard: 0.9 };
    const third = counted(false);
    expect(pairVerdicts.copies(a, changedRow, stricter, third)).toBe(false);
    expect(third.calls).toBe(1);
  });

  it("stays right past its capacity in pairs and in articles: it starts afresh rather than grow", () => {
    const check = (pairs: Array<[ReturnType<typeof member>, ReturnType<typeof member>]>) => {
      pairs.forEach(([x, y], i) => pairVerdicts.copies(x, y, DEFAULT_STORY_SETTINGS, () => i % 3 === 0));
      const never = counted(false);
      let wrong = 0;
      for (let i = pairs.length - 1_000; i < pairs.length; i++) {
        const [x, y] = pairs[i];
        if (pairVerdicts.copies(y, x, DEFAULT_STORY_SETTINGS, never) !== (i % 3 === 0)) wrong++;
      }
      expect(wrong).toBe(0);
      expect(never.calls).toBe(0);
    };
    // 319,600 pairs of 800 articles: more than the table's half (262,144), so it empties once.
    const few = Array.from({ length: 800 }, member);
    check(few.flatMap((x, i) => few.slice(i + 1).map((y) => [x, y] as [typeof x, typeof y])));
    // 30,000 articles, each paired once: more than it numbers (20,000).
    const a = member();
    check(Array.from({ length: 30_000 }, () => [a, member()] as [typeof a, typeof a]));
  });
});
