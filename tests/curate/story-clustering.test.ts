import { describe, expect, it } from "vitest";
import { loadTaxonomyFile } from "../../src/curate/taxonomy-loader.ts";
import { createCurateContext } from "../../src/curate/curate-context.ts";
import { curateRecords } from "../../src/curate/curate-records.ts";
import type { ArticleRecord, CuratedRecord } from "../../src/curate/curate-records.ts";
import { SYNDICATED, MEETINGS_A_MONTH_APART, TWO_MOUS_SAME_DAY } from "./fixtures/stories.ts";
import type { FixtureArticle } from "./fixtures/stories.ts";

const context = createCurateContext(loadTaxonomyFile("config/taxonomy.yaml"));

function recordsOf(articles: FixtureArticle[]): ArticleRecord[] {
  return articles.map((a) => ({
    id: a.key,
    title: a.title,
    text: a.text,
    url: a.url,
    date: a.publishedAt,
    outlet: a.sourceId,
  }));
}

function byId(results: CuratedRecord[]): Map<string, CuratedRecord> {
  return new Map(results.map((r) => [r.id, r]));
}

const ALL = [...SYNDICATED, ...MEETINGS_A_MONTH_APART, ...TWO_MOUS_SAME_DAY];

describe("story clustering in memory", () => {
  it("puts a wire story carried by three outlets into one story, the wire copy as the original", async () => {
    const results = byId(await curateRecords(recordsOf(SYNDICATED), context));
    expect(new Set([...results.values()].map((r) => r.storyId)).size).toBe(1);
    expect(results.get("wire")?.duplicateOf).toBeNull();
    expect(results.get("reprint-new-headline")?.duplicateOf).toBe("wire");
    expect(results.get("reprint-trimmed-intro")?.duplicateOf).toBe("wire");
  });

  it("keeps two meetings of the same leaders a month apart in separate stories", async () => {
    const [march, april] = await curateRecords(recordsOf(MEETINGS_A_MONTH_APART), context);
    expect(march.storyId).not.toBe(april.storyId);
    expect(april.duplicateOf).toBeNull();
  });

  it("keeps two MoUs of one ministry with different companies on one day apart", async () => {
    const [sinopec, energyChina] = await curateRecords(recordsOf(TWO_MOUS_SAME_DAY), context);
    expect(sinopec.storyId).not.toBe(energyChina.storyId);
  });

  it("gives the same stories and originals whatever order the articles arrive in", async () => {
    const reference = byId(await curateRecords(recordsOf(ALL), context));
    const orders = [
      [...ALL].reverse(),
      [ALL[2], ALL[5], ALL[0], ALL[6], ALL[3], ALL[1], ALL[4]],
      [ALL[1], ALL[4], ALL[6], ALL[2], ALL[0], ALL[5], ALL[3]],
    ];
    for (const order of orders) {
      const results = byId(await curateRecords(recordsOf(order), context));
      for (const [id, expected] of reference) {
        expect(results.get(id)?.storyId).toBe(expected.storyId);
        expect(results.get(id)?.duplicateOf).toBe(expected.duplicateOf);
      }
    }
  });

  it("links a report in another language of the same event through shared names and figures", async () => {
    const english: ArticleRecord = {
      id: "en",
      date: "2025-09-02",
      url: "https://a.example/en",
      title: "Gazprom and CNPC sign memorandum on Power of Siberia 2 pipeline via Mongolia",
      text: "Gazprom and China National Petroleum Corporation (CNPC) signed a legally binding memorandum on building the Power of Siberia 2 gas pipeline through Mongolia, Gazprom chief Alexei Miller said. The pipeline is designed to carry 50 billion cubic metres of gas a year.",
    };
    const russian: ArticleRecord = {
      id: "ru",
      date: "2025-09-02",
      url: "https://b.example/ru",
      title: "«Газпром» и CNPC подписали меморандум о строительстве «Силы Сибири – 2»",
      text: "«Газпром» и CNPC подписали юридически обязывающий меморандум о строительстве газопровода «Сила Сибири – 2» через Монголию, сообщил Алексей Миллер. Мощность газопровода составит 50 млрд кубометров газа в год.",
    };
    const [en, ru] = await curateRecords([english, russian], context);
    expect(en.storyId).toBe(ru.storyId);
    expect(ru.duplicateOf).toBeNull();
  });
});
