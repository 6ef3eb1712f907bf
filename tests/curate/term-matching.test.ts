import { describe, expect, it } from "vitest";
import { compileTerm, findTerms } from "../../src/curate/term-matcher.ts";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";
import { createClassifier, classifyArticle } from "../../src/curate/classify-article.ts";

const classifier = createClassifier(loadTaxonomyFile("config/taxonomy.yaml"));

function matches(term: string, text: string): number {
  const compiled = compileTerm("country", "X", term);
  if (!compiled) throw new Error("term compiled to nothing");
  return findTerms([compiled], { title: text, lead: "", body: "" }).length;
}

describe("term matching", () => {
  it("matches Russian inflected forms through stems", () => {
    expect(matches("казахстан*", "Визит в Казахстан. Президент Казахстана и делегация Казахстану")).toBe(3);
    expect(matches("центральн* ази*", "страны Центральной Азии")).toBe(1);
  });

  it("does not let a whole-word term match inside another word", () => {
    expect(matches("sco", "Moscow and Scotland")).toBe(0);
    expect(matches("sco", "the SCO summit")).toBe(1);
  });

  it("matches Chinese terms inside unspaced text", () => {
    expect(matches("中亚", "中国同中亚五国领导人举行会晤")).toBe(1);
    expect(matches("哈萨克斯坦", "习近平抵达哈萨克斯坦首都阿斯塔纳")).toBe(1);
  });

  it("treats punctuation variants of a term alike", () => {
    expect(matches("c+c5", "the C+C5 foreign ministers")).toBe(1);
    expect(matches("china central asia", "the China–Central Asia summit")).toBe(1);
  });
});

describe("classification", () => {
  it("finds a Russian article on Kazakhstan–China relations relevant, with countries and topics", () => {
    const result = classifyArticle(
      {
        title: "Казахстан и Китай подписали соглашение о строительстве железной дороги",
        text: "Правительства Казахстана и Китая подписали в Пекине соглашение о строительстве второй железнодорожной линии через границу.\nНовая линия увеличит объем грузоперевозок и транзита контейнеров между Китаем и Европой.",
      },
      classifier,
    );
    expect(result.relevant).toBe(true);
    expect(result.countries).toEqual(["CN", "KZ"]);
    expect(result.topics).toContain("transport_infrastructure");
    expect(result.evidence).toContainEqual({ term: "казахстан*", kind: "country:KZ", where: "title" });
  });

  it("finds a Chinese article on the China–Central Asia summit relevant", () => {
    const result = classifyArticle(
      {
        title: "第二届中国—中亚峰会在阿斯塔纳举行",
        text: "国家主席习近平同哈萨克斯坦总统托卡耶夫、吉尔吉斯斯坦总统扎帕罗夫、塔吉克斯坦总统拉赫蒙、土库曼斯坦总统别尔德穆哈梅多夫、乌兹别克斯坦总统米尔济约耶夫出席峰会。",
      },
      classifier,
    );
    expect(result.relevant).toBe(true);
    expect(result.countries).toEqual(["CN", "KG", "KZ", "TJ", "TM", "UZ"]);
    expect(result.entities).toContain("china_central_asia_mechanism");
  });

  it("does not count a C5+1 meeting of another power where China is only mentioned as a rival", () => {
    const result = classifyArticle(
      {
        title: "Japan and Central Asian leaders hold first C5+1 summit in Tokyo",
        text: "The leaders of Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan met the Japanese prime minister in Tokyo for the first Central Asia plus Japan summit.\nThey agreed on supply chains for critical minerals. Japan competes for influence in the region with Russia and China.",
      },
      classifier,
    );
    expect(result.relevant).toBe(false);
    expect(result.relevance).toBeLessThan(0.5);
  });

  it("does not count Russia–Kazakhstan news", () => {
    const result = classifyArticle(
      {
        title: "Putin and Tokayev sign declaration on allied relations",
        text: "Russian President Vladimir Putin and Kazakh President Kassym-Jomart Tokayev signed a joint declaration in Moscow on Monday.\nThe two leaders discussed energy, trade and education.",
      },
      classifier,
    );
    expect(result.relevant).toBe(false);
  });
});
