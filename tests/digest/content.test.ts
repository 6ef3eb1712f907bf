// Ranking, sections and per-reader filtering of the digest, on plain data.
import * as cheerio from "cheerio";
import { describe, expect, it } from "vitest";
import { buildDigestContent } from "../../src/digest/content.ts";
import { leadOf } from "../../src/digest/plain-text.ts";
import { rankStories, storyScore } from "../../src/digest/rank.ts";
import { renderDigest } from "../../src/digest/render.ts";
import type { DigestInput, DigestStory } from "../../src/digest/types.ts";
import { parseIsoWeek, weekRange } from "../../src/digest/week.ts";

const week = weekRange(parseIsoWeek("2025-W25"), "Asia/Almaty");
const day = (n: number) => new Date(week.start.getTime() + n * 86_400_000);

function story(id: string, over: Partial<DigestStory> = {}): DigestStory {
  return {
    id,
    title: `Story ${id}`,
    text: `First sentence of ${id}. Second sentence. Third sentence. Fourth sentence.`,
    url: `https://outlet.example/${id}`,
    outlets: [{ name: "Outlet A", url: `https://a.example/${id}` }],
    relevance: 0.7,
    topics: ["diplomacy"],
    countries: ["KZ"],
    lastSeenAt: day(2),
    ...over,
  };
}

function input(stories: DigestStory[]): DigestInput {
  return {
    week,
    stories,
    numbers: { articlesRead: 900, stories: stories.length, sourcesPolled: 40, sourcesFailing: 3 },
    topicNames: { diplomacy: "Diplomacy", energy: "Energy", trade_economy: "Trade and economy" },
    countryNames: { KZ: "Kazakhstan", UZ: "Uzbekistan", TJ: "Tajikistan" },
  };
}

const outlets = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `Outlet ${i}`, url: `https://o${i}.example/` }));

describe("digest ranking and sections", () => {
  it("ranks reach first, then relevance, then recency", () => {
    const wide = story("wide", { outlets: outlets(4), relevance: 0.5 });
    const sharp = story("sharp", { relevance: 1 });
    const late = story("late", { relevance: 0.5, lastSeenAt: day(6.9) });
    const early = story("early", { relevance: 0.5, lastSeenAt: day(0.1) });
    expect(rankStories([early, late, sharp, wide], week).map((s) => s.id)).toEqual(["wide", "sharp", "late", "early"]);
    expect(storyScore(wide, week)).toBeGreaterThan(storyScore(sharp, week) + 1);
  });

  it("caps one topic among the top stories, so one summit does not crowd out the week", () => {
    const summit = Array.from({ length: 6 }, (_, i) => story(`summit${i}`, { outlets: outlets(6 - i) }));
    const gas = story("gas", { topics: ["energy"], countries: ["UZ"] });
    const content = buildDigestContent(input([...summit, gas]));
    expect(content.top.map((s) => s.title)).toEqual(["Story summit0", "Story summit1", "Story gas"]);
    expect(content.topics.map((t) => t.name)).toEqual(["Diplomacy"]);
    expect(content.topics[0].stories.map((s) => s.title)).toEqual([
      "Story summit2",
      "Story summit3",
      "Story summit4",
      "Story summit5",
    ]);
    expect(content.countries).toEqual([
      {
        name: "Kazakhstan",
        count: 6,
        headlines: [
          { name: "Story summit0", url: "https://outlet.example/summit0" },
          { name: "Story summit1", url: "https://outlet.example/summit1" },
        ],
      },
      { name: "Uzbekistan", count: 1, headlines: [{ name: "Story gas", url: "https://outlet.example/gas" }] },
    ]);
  });

  it("filters by a reader's topics and countries; a reader with nothing this week gets an empty digest", () => {
    const stories = [
      story("kz-diplomacy"),
      story("uz-energy", { topics: ["energy"], countries: ["UZ"] }),
      story("kz-energy", { topics: ["energy"] }),
    ];
    const both = buildDigestContent(input(stories), { topics: ["energy"], countries: ["KZ"] });
    expect(both.top.map((s) => s.title)).toEqual(["Story kz-energy"]);
    const anyEnergy = buildDigestContent(input(stories), { topics: ["energy"], countries: [] });
    expect(anyEnergy.storyCount).toBe(2);
    expect(buildDigestContent(input(stories), { topics: [], countries: ["TJ"] }).storyCount).toBe(0);
  });

  it("leads are the first two or three sentences, in any script", () => {
    expect(leadOf("One. Two! Three? Four.")).toBe("One. Two! Three?");
    expect(leadOf("中国与中亚峰会在阿斯塔纳举行。双方签署条约。下届峰会在中国。第四句。")).toBe(
      "中国与中亚峰会在阿斯塔纳举行。双方签署条约。下届峰会在中国。",
    );
    expect(leadOf(`${"word ".repeat(200)}end.`).length).toBeLessThanOrEqual(421);
  });

  it("stays under Gmail's 100 KB clipping limit with a busy week of 400 stories, and has every section", () => {
    const topics = ["diplomacy", "energy", "trade_economy"];
    const stories = Array.from({ length: 400 }, (_, i) =>
      story(`s${i}`, {
        title: `Long headline number ${i} about China and Kazakhstan signing agreements`,
        topics: [topics[i % 3]],
        countries: ["KZ", "UZ"],
        outlets: outlets(1 + (i % 5)),
        text: "A long sentence about the event that goes on and on. ".repeat(20),
      }),
    );
    const { html, text } = renderDigest(buildDigestContent(input(stories)), {
      viewInBrowser: "https://s.test/digests/2025-W25.html",
      unsubscribe: "https://s.test/unsubscribe?token=x",
    });
    expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);
    const $ = cheerio.load(html);
    expect(
      $("h2")
        .map((_, h) => $(h).text())
        .get(),
    ).toEqual(["Top stories", "Diplomacy", "Energy", "Trade and economy", "By country", "The week in numbers"]);
    expect(
      $(".num")
        .map((_, n) => $(n).text())
        .get(),
    ).toEqual(["900", "400", "40", "3"]);
    expect($("style").text()).toContain("prefers-color-scheme: dark");
    expect($("h3").first().attr("style")).toBeTruthy(); // inlined by juice
    expect(text).toContain(
      "THE WEEK IN NUMBERS\n- articles read: 900\n- stories: 400\n- sources polled: 40\n- sources failing: 3",
    );
  });
});
