import { describe, expect, it } from "vitest";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";
import { createCurateContext } from "../../src/curate/curate-context.ts";
import { curateRecords } from "../../src/ingest/curate-records.ts";
import type { ArticleRecord } from "../../src/curate/article-record.ts";
import { isPreview, eventDatesIn } from "../../src/curate/event-dates.ts";

// Stories of one event as a reader meets them: the announcement before, the reports of the day, a leader's later
// statement and a commentary. Average linkage and the preview rule keep them apart; same-day reports join.
const context = createCurateContext(loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml"));

const record = (id: string, date: string, title: string, text: string): ArticleRecord => ({
  id,
  date,
  url: `https://${id}.example/astana`,
  outlet: id,
  title,
  text,
});

const preview = record(
  "preview",
  "2025-06-13",
  "Xi to attend second China-Central Asia Summit in Astana on June 16-18",
  "Chinese President Xi Jinping will attend the second China-Central Asia Summit in Astana from June 16 to 18 at the invitation of Kazakh President Kassym-Jomart Tokayev, a foreign ministry spokesperson announced on Friday.\nThe summit is expected to deepen cooperation in trade, transport and energy between China and the five Central Asian countries.",
);
const summit = record(
  "summit",
  "2025-06-17",
  "China and Central Asian leaders sign Astana declaration at second summit",
  "Chinese President Xi Jinping and the leaders of Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan signed the Astana declaration at the second China-Central Asia Summit on June 17, along with a treaty of permanent good-neighbourliness and friendship.\nXi announced 1.5 billion yuan in grants for the region and said the six countries would build new railway and energy links.",
);
const summitRewrite = record(
  "summit-rewrite",
  "2025-06-17",
  "Xi, Central Asian presidents adopt Astana declaration and friendship treaty",
  "At the second China-Central Asia Summit in Astana, Xi Jinping and the presidents of the five Central Asian states adopted the Astana declaration and signed a treaty of permanent good-neighbourliness and friendship on June 17.\nChina will provide 1.5 billion yuan in grants, Xi said, and the countries agreed on new railway and energy projects.",
);
const statement = record(
  "statement",
  "2025-06-19",
  "Tokayev says Kazakhstan will host an investment forum with China next year",
  "Kazakh President Kassym-Jomart Tokayev said on Thursday Kazakhstan would host an investment forum with Chinese companies next year and invited firms to invest in logistics hubs on the Caspian Sea.\nSpeaking to the government in Astana, Tokayev ordered ministers to prepare a list of projects for the forum within a month.",
);
const commentary = record(
  "commentary",
  "2025-06-20",
  "Why Beijing's friendship treaty matters less than Central Asia hopes",
  "Commentary. Treaties of friendship are cheap; what Central Asian governments want from Beijing are markets for their goods and a fairer share of the transit trade that crosses their steppes.\nThe region's elites have learned to balance Moscow, Washington and Brussels against one another, and the question after Astana is whether China lets them keep doing so. History suggests patience: promises made at earlier gatherings took years to turn into rails and pipes, and several never did.",
);

async function storiesOf(records: ArticleRecord[]): Promise<Map<string, string>> {
  const results = await curateRecords(records, context);
  return new Map(results.map((r) => [r.id, r.storyId]));
}

describe("stories of one event", () => {
  it("joins two same-day reports of the summit and keeps the preview, a later statement and a commentary apart", async () => {
    const all = [preview, summit, summitRewrite, statement, commentary];
    for (const order of [all, [...all].reverse(), [statement, summit, preview, commentary, summitRewrite]]) {
      const story = await storiesOf(order);
      expect(story.get("summit-rewrite")).toBe(story.get("summit"));
      expect(new Set(story.values()).size).toBe(4);
    }
  });

  it("takes an article whose lead dates the event after its own day as a preview", () => {
    const published = { publishedAt: new Date("2025-06-13T08:00:00Z"), datePrecision: "day" };
    expect(isPreview(eventDatesIn("from June 16 to 18 in Astana"), published)).toBe(true);
    expect(isPreview(eventDatesIn("the summit on June 13 in Astana"), published)).toBe(false);
    expect(
      isPreview(eventDatesIn("talks on December 30 ended"), { ...published, publishedAt: new Date("2026-01-02") }),
    ).toBe(false);
  });

  it("keeps look-alike reports of an annual event a month apart and beyond the window in separate stories", async () => {
    const later = { ...summitRewrite, id: "later", url: "https://later.example/astana", date: "2025-07-20" };
    const story = await storiesOf([summit, later]);
    expect(story.get("later")).not.toBe(story.get("summit"));
  });
});
