import { describe, expect, it } from "vitest";
import { eventDatesDisagree, eventDatesIn } from "../../src/curate/event-dates.ts";
import { distinctiveTokens, contradicts, eventOrdinalsIn } from "../../src/curate/distinctive-names.ts";
import { createGazetteer } from "../../src/curate/gazetteer.ts";
import { fingerprintOf } from "../../src/curate/article-fingerprint.ts";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";
import { DEFAULT_STORY_SETTINGS, parseStorySettings } from "../../src/config/story-settings.ts";

const gazetteer = createGazetteer(loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml"));

describe("event dates in leads", () => {
  it("reads day-and-month mentions in several languages and expands ranges", () => {
    expect([...eventDatesIn("Xi will attend the summit from June 16 to 18 in Astana")]).toEqual([
      "6-16",
      "6-17",
      "6-18",
    ]);
    expect([...eventDatesIn("Переговоры состоялись 5 июля в Душанбе")]).toEqual(["7-5"]);
    expect([...eventDatesIn("Il vertice si terrà il 4 settembre")]).toEqual(["9-4"]);
  });

  it("ignores the dateline, which dates the filing rather than the event", () => {
    expect([...eventDatesIn("BEIJING, Sept. 5 (Xinhua) -- The summit opened on Wednesday")]).toEqual([]);
  });

  it("says two leads disagree only when both give dates and none match", () => {
    expect(eventDatesDisagree(new Set(["7-4"]), new Set(["7-5"]))).toBe(true);
    expect(eventDatesDisagree(new Set(["6-16", "6-17"]), new Set(["6-17"]))).toBe(false);
    expect(eventDatesDisagree(new Set(), new Set(["7-5"]))).toBe(false);
  });
});

describe("contradicting names and figures", () => {
  const fingerprint = (title: string, text: string) => fingerprintOf({ title, text }, gazetteer);

  it("maps names the gazetteer knows to one key whatever the spelling", () => {
    const tokens = distinctiveTokens("Kirgisistan und China", "", "Die Regierung von Kirgisistan und China", gazetteer);
    expect(tokens).toEqual(new Set(["@KG", "@CN"]));
  });

  it("finds a contradiction when each title names a company the other never mentions", () => {
    const a = fingerprint(
      "Ministry signs MoU with Sinopec",
      "The Ministry of Energy signed a memorandum with Sinopec.",
    );
    const b = fingerprint("Ministry signs MoU with CNPC", "The Ministry of Energy signed a memorandum with CNPC.");
    expect(contradicts(a, b)).toBe(true);
  });

  it("does not treat a longer copy's extra names as a contradiction", () => {
    const a = fingerprint(
      "Ministry signs MoU with Sinopec",
      "The Ministry of Energy signed a memorandum with Sinopec.",
    );
    const b = fingerprint(
      "Energy Ministry and Sinopec sign MoU in Tashkent",
      "In Tashkent, the Ministry of Energy signed a memorandum with Sinopec.",
    );
    expect(contradicts(a, b)).toBe(false);
  });
});

describe("event ordinals", () => {
  it("reads which edition of an event a text names, in English, Russian and Chinese", () => {
    expect(eventOrdinalsIn("the 10th summit of the Organization of Turkic States")).toEqual(["#10"]);
    expect(eventOrdinalsIn("на 10-й встрече лидеров; 11-й саммит пройдет в Бишкеке")).toEqual(["#10", "#11"]);
    expect(eventOrdinalsIn("第2届中国—中亚峰会")).toEqual(["#2"]);
  });

  it("leaves out dates and durations written like ordinals", () => {
    expect(eventOrdinalsIn("on June 16th, or the 16th of June, or 10-го ноября")).toEqual([]);
    expect(eventOrdinalsIn("30-дневный безвизовый режим в 1990-е")).toEqual([]);
  });
});

describe("story settings", () => {
  it("falls back to defaults and accepts overrides in snake_case", () => {
    expect(parseStorySettings(undefined)).toEqual(DEFAULT_STORY_SETTINGS);
    expect(parseStorySettings({ sameStoryWindowDays: 2 }).sameStoryWindowDays).toBe(2);
    expect(() => parseStorySettings({ nearDuplicateJaccard: 2 })).toThrow();
  });
});
