import { describe, expect, it } from "vitest";
import { parseListing } from "../../src/parsers/listing.ts";
import { parseLooseDate } from "../../src/parsers/dates.ts";
import { passesKeywordFilter } from "../../src/parsers/keyword-filter.ts";
import { ARTICLES, listingPage } from "../fixtures/news-site.ts";

const SELECTORS = { item: ".card", link: ".card-title a", date: ".date", summary: ".lead" };

describe("parseListing", () => {
  it("finds one item per card, resolves links against <base>, skips javascript: links", () => {
    const items = parseListing(listingPage(), "https://steppe.example/section/latest", SELECTORS).items;
    expect(items.map((i) => i.url)).toEqual(ARTICLES.slice(0, 2).map((a) => `https://steppe.example/news/${a.slug}`));
    expect(items[0].title).toBe(ARTICLES[0].title);
    expect(items[0].publishedAt?.toISOString().slice(0, 10)).toBe("2026-11-20");
    expect(items[0].summary).toMatch(/^Officials from Kyrgyzstan/);
  });

  it("accepts a link selector that matches the item itself and falls back to the link text", () => {
    const html = `<ul><li><a class="story" href="/a">First story</a></li><li><a class="story" href="/a">Same again</a></li><li><a class="story" href="/b">Second</a></li></ul>`;
    const items = parseListing(html, "https://x.example/", { item: "a.story", link: "a.story" }).items;
    expect(items.map((i) => [i.url, i.title])).toEqual([
      ["https://x.example/a", "First story"],
      ["https://x.example/b", "Second"],
    ]);
  });

  it("returns no items when selectors match nothing", () => {
    expect(parseListing("<p>nothing</p>", "https://x.example/", SELECTORS)).toEqual({ items: [], dropped: [] });
  });
});

describe("parseLooseDate", () => {
  it.each([
    ["2026-11-20T08:30:00+06:00", "2026-11-20T02:30:00.000Z"],
    ["Thu, 19 Nov 2026 07:00:00 GMT", "2026-11-19T07:00:00.000Z"],
    ["2023-05-19 09:00", "2023-05-19T09:00:00.000Z"],
    ["19.05.2023 09:00", "2023-05-19T09:00:00.000Z"],
    ["19 мая 2023, 09:00", "2023-05-19T09:00:00.000Z"],
    ["2 декабря 2025", "2025-12-02T00:00:00.000Z"],
    ["2023年5月19日 09:00", "2023-05-19T09:00:00.000Z"],
  ])("%s", (input, iso) => {
    expect(parseLooseDate(input)?.toISOString()).toBe(iso);
  });

  it("returns undefined for text without a date", () => {
    expect(parseLooseDate("time11 hours ago")).toBeUndefined();
    expect(parseLooseDate("")).toBeUndefined();
  });
});

describe("keyword filters", () => {
  const item = { url: "https://x.example/1", title: "Kazakh wheat reaches Xi'an", summary: "Trains via Khorgos" };
  it("includes on any keyword in title or summary, case-insensitively, and excludes on any", () => {
    expect(passesKeywordFilter(item, [], [])).toBe(true);
    expect(passesKeywordFilter(item, ["khorgos"], [])).toBe(true);
    expect(passesKeywordFilter(item, ["Tashkent"], [])).toBe(false);
    expect(passesKeywordFilter(item, ["wheat"], ["XI'AN"])).toBe(false);
  });
});
