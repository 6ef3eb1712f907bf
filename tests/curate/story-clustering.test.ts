import { describe, expect, it } from "vitest";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";
import { createCurateContext } from "../../src/curate/curate-context.ts";
import { curateRecords } from "../../src/ingest/curate-records.ts";
import type { ArticleRecord, CuratedRecord } from "../../src/curate/article-record.ts";
import { SYNDICATED, MEETINGS_A_MONTH_APART, TWO_MOUS_SAME_DAY } from "./fixtures/stories.ts";
import type { FixtureArticle } from "./fixtures/stories.ts";

const context = createCurateContext(loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml"));

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
  const pipelineDeal = (id: string, date: string, title: string, text: string): ArticleRecord => ({
    id,
    date,
    url: `https://${id}.example/pipeline`,
    title,
    text,
  });
  const dayReport = pipelineDeal(
    "day",
    "2025-03-18",
    "KazMunayGas and CNPC agree to expand oil pipeline supplies to China",
    "KazMunayGas and China National Petroleum Corporation agreed on Tuesday to raise oil deliveries through the Kazakhstan-China oil pipeline to 45 million tonnes a year, the Kazakh company said.\nThe agreement was signed in Astana after talks between the two companies. Deliveries will rise gradually over three years.\nThe pipeline runs from Atasu to Alashankou and has carried Kazakh crude to Chinese refineries since 2006.",
  );
  const monthTitle = "Kazakhstan and China agree to expand oil supplies through pipeline";
  const monthAnalysis = (figure: string) =>
    `Kazakhstan will ship ${figure} of crude a year to China through the Kazakhstan-China oil pipeline under an agreement between KazMunayGas and CNPC.\nThe deal foresees a gradual increase in deliveries. Analysts say the move reflects the push to diversify export routes away from Russia.`;

  it("links a report dated only to the month when it shares a figure and a named company or project", async () => {
    const month = pipelineDeal("month", "2025-03", monthTitle, monthAnalysis("up to 45 million tonnes"));
    const [day, other] = await curateRecords([dayReport, month], context);
    expect(other.storyId).toBe(day.storyId);
  });

  it("joins a same-day report in another language unless its lead dates the event to another day", async () => {
    const english: ArticleRecord = {
      id: "en",
      date: "2025-05-14",
      url: "https://a.example/en",
      title: "Mirziyoyev arrives in Beijing for state visit",
      text: "Uzbek President Shavkat Mirziyoyev arrived in Beijing on May 14 for a state visit to China at the invitation of Chinese President Xi Jinping.\nHe was met at the airport by senior Chinese officials. The visit will include talks on trade, transport and energy cooperation.",
    };
    const russian = (id: string, day: string): ArticleRecord => ({
      id,
      date: "2025-05-14",
      url: `https://b.example/${id}`,
      title: "Мирзиёев прибыл в Пекин с государственным визитом",
      text: `Президент Узбекистана Шавкат Мирзиёев ${day}прибыл в Пекин с государственным визитом по приглашению председателя КНР Си Цзиньпина.\nВ аэропорту его встретили официальные лица Китая. В ходе визита планируются переговоры о торговле, транспорте и энергетике.`,
    });
    const storiesOf = async (other: ArticleRecord) => {
      const [en, ru] = await curateRecords([english, other], context);
      return [en.storyId, ru.storyId];
    };
    const [en, sameDay] = await storiesOf(russian("ru", "14 мая "));
    expect(sameDay).toBe(en);
    // Published the same day with the same names and no event day of its own: the same arrival.
    const [en2, undated] = await storiesOf(russian("ru-undated", ""));
    expect(undated).toBe(en2);
    // Its lead dates the arrival to another day: another event, however alike the names.
    const [en3, nextDay] = await storiesOf(russian("ru-next", "15 мая "));
    expect(nextDay).not.toBe(en3);
  });
});
