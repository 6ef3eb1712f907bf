// Guards on config/taxonomy.yaml's vocabulary: stems must not reach into unrelated words, and group names must
// imply their countries. These are the traps found while widening the topic vocabulary.
import { describe, expect, it } from "vitest";
import { compileTerms, findTerms } from "../../src/curate/term-matcher.ts";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";
import { createClassifier, classifyArticle } from "../../src/curate/classify-article.ts";

const taxonomy = loadTaxonomyFile("config/taxonomy.yaml");
const terms = compileTerms(taxonomy);
const classifier = createClassifier(taxonomy);

/** Topic terms a text hits, as "topic:term". */
function topicHits(text: string): string[] {
  return findTerms(terms, { title: text, lead: "", body: "" })
    .filter((h) => h.group === "topic")
    .map((h) => `${h.key}:${h.term}`);
}

describe("taxonomy topic terms", () => {
  it.each([
    ["an important and fruitful meeting", "trade_economy"],
    ["an important and fruitful meeting", "agriculture"],
    ["долгосрочное сотрудничество", "finance_investment"],
    ["поездка делегации", "transport_infrastructure"],
    ["уголовное дело", "energy"],
  ])("%s is not %s vocabulary", (text, topic) => {
    expect(topicHits(text).filter((h) => h.startsWith(`${topic}:`))).toEqual([]);
  });

  it("finds domain vocabulary in English, Russian and Chinese", () => {
    expect(topicHits("a loan from the Export-Import Bank")).toContain("finance_investment:loan*");
    expect(topicHits("поставки пшеницы и хлопка")).toEqual(
      expect.arrayContaining(["agriculture:пшениц*", "agriculture:хлопк*"]),
    );
    expect(topicHits("中亚冰川加速消融")).toContain("environment:冰川");
  });

  it("counts a word once per topic, not once per overlapping term", () => {
    for (const text of ["economic", "diplomatic", "cultural", "technologies", "financiers", "товарооборот"]) {
      const hits = topicHits(text);
      expect(new Set(hits.map((h) => h.split(":")[0])).size, text).toBe(hits.length);
    }
  });
});

describe("taxonomy countries", () => {
  it("reads the five Central Asian countries named as a group as all five", () => {
    const result = classifyArticle(
      { title: "Japan and the Central Asian countries hold a summit", text: "Leaders met in Tokyo." },
      classifier,
    );
    expect(result.countries).toEqual(["JP", "KG", "KZ", "TJ", "TM", "UZ"]);
  });

  it("does not read a Central Asian nation's possessive as the group", () => {
    const result = classifyArticle(
      { title: "The Central Asian nation's border with Afghanistan", text: "Dushanbe reported clashes." },
      classifier,
    );
    expect(result.countries).not.toContain("KG");
  });

  it("knows possessives and Kazakh, Uzbek and Kyrgyz forms", () => {
    const countriesOf = (title: string) => classifyArticle({ title, text: "" }, classifier).countries;
    expect(countriesOf("Russia's Ekaterina Alexandrova")).toContain("RU");
    expect(countriesOf("Ukraine's Anhelina Kalinina")).toContain("UA");
    expect(countriesOf("Қазақстан мен Қытай")).toEqual(["CN", "KZ"]);
    expect(countriesOf("Oʻzbekiston Respublikasi")).toEqual(["UZ"]);
    expect(countriesOf("визит в Бухарест")).toEqual([]);
  });
});
