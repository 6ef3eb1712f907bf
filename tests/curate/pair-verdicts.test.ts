import { describe, expect, it } from "vitest";
import { pairVerdicts } from "../../src/curate/pair-verdicts.ts";
import { DEFAULT_STORY_SETTINGS } from "../../src/config/story-settings.ts";
import type { Fingerprint, StoryArticle } from "../../src/curate/article-fingerprint.ts";

// Only object identity matters to the table: these stand-ins carry no real fingerprint.
let n = 0;
const member = () => {
  n++;
  return { article: { url: `https://a.example/${n}` } as StoryArticle, fingerprint: { textLength: n } as Fingerprint };
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
    expect(pairVerdicts.differentEvents(a, b, events)).toBe(false);
    expect(pairVerdicts.differentEvents(b, a, events)).toBe(false);
    expect(pairVerdicts.copies(b, a, DEFAULT_STORY_SETTINGS, copies)).toBe(true);
    expect([copies.calls, events.calls]).toEqual([1, 1]);
  });

  it("decides again for a changed article row, and for other settings", () => {
    const [a, b] = [member(), member()];
    const first = counted(true);
    pairVerdicts.copies(a, b, DEFAULT_STORY_SETTINGS, first);
    const changedRow = { ...b, article: { ...b.article } };
    const second = counted(false);
    expect(pairVerdicts.copies(a, changedRow, DEFAULT_STORY_SETTINGS, second)).toBe(false);
    expect(second.calls).toBe(1);
    const stricter = { ...DEFAULT_STORY_SETTINGS, nearDuplicateJaccard: 0.9 };
    const third = counted(false);
    expect(pairVerdicts.copies(a, changedRow, stricter, third)).toBe(false);
    expect(third.calls).toBe(1);
  });

  it("stays right past its capacity: it starts afresh rather than grow", () => {
    const a = member();
    const others = Array.from({ length: 300_000 }, member);
    others.forEach((o, i) => pairVerdicts.copies(a, o, DEFAULT_STORY_SETTINGS, () => i % 3 === 0));
    const recent = others.slice(-1_000);
    let wrong = 0;
    const never = counted(false);
    recent.forEach((o, i) => {
      const expected = (others.length - recent.length + i) % 3 === 0;
      if (pairVerdicts.copies(a, o, DEFAULT_STORY_SETTINGS, never) !== expected) wrong++;
    });
    expect(wrong).toBe(0);
    expect(never.calls).toBe(0);
  });
});
