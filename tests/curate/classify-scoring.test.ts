// Scoring rules of topics and countries, on a small vocabulary written for these tests.
import { describe, expect, it } from "vitest";
import { createClassifier, classifyArticle } from "../../src/curate/classify-article.ts";
import { compileTerms, findTerms, withoutOverlaps } from "../../src/curate/term-matcher.ts";
import type { Taxonomy } from "../../src/config/taxonomy.ts";

const ca = { role: "central_asia" as const };
const taxonomy: Taxonomy = {
  relevanceThreshold: 0.5,
  topicMinScore: 3,
  countries: [
    { code: "CN", name: "China", role: "china", terms: ["china", "chinese"] },
    { code: "KZ", name: "Kazakhstan", ...ca, terms: ["kazakhstan*"] },
    { code: "KG", name: "Kyrgyzstan", ...ca, terms: ["kyrgyzstan*"] },
    { code: "TJ", name: "Tajikistan", ...ca, terms: ["tajikistan*"] },
    { code: "TM", name: "Turkmenistan", ...ca, terms: ["turkmenistan*"] },
    { code: "UZ", name: "Uzbekistan", ...ca, terms: ["uzbekistan*"] },
    { code: "RU", name: "Russia", role: "other", terms: ["russia", "russian"] },
  ],
  regionTerms: ["central asia"],
  entities: [
    {
      id: "c_c5",
      label: "China–Central Asia format",
      kind: "format",
      countries: ["CN", "KZ", "KG", "TJ", "TM", "UZ"],
      chinaCentralAsia: true,
      thirdParty: false,
      terms: ["china central asia", "china and the five central asian"],
    },
    {
      id: "five",
      label: "The five Central Asian countries",
      kind: "group",
      countries: ["KZ", "KG", "TJ", "TM", "UZ"],
      chinaCentralAsia: false,
      thirdParty: false,
      terms: ["five central asian"],
    },
    {
      id: "pipeline",
      label: "Central Asia–China gas pipeline",
      kind: "project",
      countries: ["CN", "TM", "UZ", "KZ"],
      chinaCentralAsia: true,
      thirdParty: false,
      terms: ["central asia china gas pipeline"],
    },
    {
      id: "telecom_maker",
      label: "A Chinese telecom equipment maker",
      kind: "company",
      countries: ["CN"],
      chinaCentralAsia: false,
      thirdParty: false,
      terms: ["huawei"],
    },
  ],
  topics: [
    { id: "telecom", terms: ["5g", "network"] },
    { id: "trade", terms: ["trade", "tariff*", "economic", "economic cooperation"] },
    { id: "transport", terms: ["transit", "railway"] },
  ],
  wireAgencies: [],
};
const classifier = createClassifier(taxonomy);
const classify = (title: string, text: string) => classifyArticle({ title, text }, classifier);

describe("overlapping matches", () => {
  it("counts a phrase once, not also the shorter term inside it, and keeps neighbouring words apart", () => {
    const hits = findTerms(compileTerms(taxonomy), {
      title: "Economic cooperation between China Kazakhstan",
      lead: "",
      body: "",
    });
    const kept = withoutOverlaps(hits).map((h) => h.term);
    expect(kept).toContain("economic cooperation");
    expect(kept).not.toContain("economic");
    expect(kept).toEqual(expect.arrayContaining(["china", "kazakhstan*"]));
  });
});

describe("topic scores", () => {
  const filler = "Officials met in the capital on Tuesday and spoke to reporters afterwards.";

  it("does not make a topic of one word repeated in the lead", () => {
    const result = classify("Officials meet", `Transit, transit and more transit was the word of the day. ${filler}`);
    expect(result.topics).not.toContain("transport");
  });

  it("makes a topic of two different terms in the lead", () => {
    const result = classify("Officials meet", `They discussed trade and new tariffs. ${filler}`);
    expect(result.topics).toContain("trade");
  });

  it("makes a topic of two different terms in the body but not of one term in the lead", () => {
    const body = `${filler}\n${filler}\n${filler}\n${filler}\n${filler}\nThe railway carries transit cargo.`;
    expect(classify("Officials meet", body).topics).toContain("transport");
    expect(classify("Officials meet", `They spoke about trade. ${filler}`).topics).not.toContain("trade");
  });

  it("makes a topic of one term in the title and another in the body", () => {
    const result = classify("A railway deal", `${filler}\n${filler}\n${filler}\n${filler}\n${filler}\nTransit grows.`);
    expect(result.topics).toContain("transport");
  });
});

describe("countries", () => {
  it("does not take the members of a format or of a multi-country project as named", () => {
    const result = classify(
      "Central Asia–China gas pipeline line to be extended",
      "The China–Central Asia format met in Kazakhstan and China.",
    );
    expect(result.countries).toEqual(["CN", "KZ"]);
  });

  it("takes the five countries as named when the text names them as a group", () => {
    const result = classify("Summit", "China and the five Central Asian countries signed a treaty.");
    expect(result.countries).toEqual(["CN", "KG", "KZ", "TJ", "TM", "UZ"]);
  });

  it("counts one body mention in a short item but not one passing mention in a long feature", () => {
    const lead = "Kazakhstan and China opened a new border crossing for freight on Monday, officials said.";
    const short = classify("Border crossing opens", `${lead}\nThe route also serves traffic to Russia.`);
    expect(short.countries).toContain("RU");
    const paragraph = "Trucks queued for hours at the crossing as customs officers checked the new paperwork.";
    const long = classify(
      "Border crossing opens",
      `${lead}\n${Array(30).fill(paragraph).join("\n")}\nThe route also serves traffic to Russia.`,
    );
    expect(long.countries).toEqual(["CN", "KZ"]);
  });
});

describe("relevance", () => {
  it("takes a Chinese company at work in Central Asia as China's presence, though China is not named", () => {
    const result = classify(
      "Huawei builds 5G networks in Kazakhstan and Uzbekistan",
      "Huawei has become the main supplier of mobile networks in Kazakhstan and Uzbekistan.\nIt tests 5G in Almaty.",
    );
    expect(result.relevant).toBe(true);
  });

  it("does not take a Central Asian story without any Chinese actor as relevant", () => {
    const result = classify(
      "Kazakhstan and Uzbekistan build 5G networks",
      "Kazakhstan and Uzbekistan have chosen suppliers for their mobile networks.\nTests begin in Almaty.",
    );
    expect(result.relevant).toBe(false);
  });
});
