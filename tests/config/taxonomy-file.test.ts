import { describe, expect, it } from "vitest";
import { loadTaxonomyFile, parseTaxonomy } from "../../src/config/taxonomy-file.ts";
import { ConfigErrors } from "../../src/config/errors.ts";

const VALID = `relevance:
  threshold: 0.5
countries:
  CN:
    name: China
    role: china
    terms: [china, китай*]
region:
  terms: [central asia]
entities: {}
topics:
  energy:
    terms: [gas, нефт*]
`;

function errorsOf(source: string): ConfigErrors {
  try {
    parseTaxonomy(source, "config/taxonomy.yaml");
  } catch (error) {
    if (error instanceof ConfigErrors) return error;
    throw error;
  }
  throw new Error("expected ConfigErrors");
}

describe("taxonomy file", () => {
  it("loads the shipped taxonomy", () => {
    const taxonomy = loadTaxonomyFile("config/taxonomy.yaml");
    expect(taxonomy.countries.map((c) => c.code)).toEqual(expect.arrayContaining(["CN", "KZ", "KG", "TJ", "TM", "UZ"]));
    expect(taxonomy.topics.map((t) => t.id)).toEqual(
      expect.arrayContaining([
        "diplomacy",
        "trade_economy",
        "energy",
        "transport_infrastructure",
        "security",
        "culture_people",
        "technology_digital",
        "agriculture",
        "environment",
        "finance_investment",
      ]),
    );
  });

  it("reads a minimal valid file", () => {
    const taxonomy = parseTaxonomy(VALID);
    expect(taxonomy.relevanceThreshold).toBe(0.5);
    expect(taxonomy.topics).toEqual([{ id: "energy", terms: ["gas", "нефт*"] }]);
  });

  it("names the file, line and topic when a term is not a string", () => {
    const error = errorsOf(VALID.replace("terms: [gas, нефт*]", "terms:\n      - gas\n      - {oil: 1}"));
    expect(error.message).toBe('config/taxonomy.yaml:15: topic "energy" terms: term list must be strings');
  });

  it("names the country and line of a bad role", () => {
    const error = errorsOf(VALID.replace("role: china", "role: chinese"));
    expect(error.problems[0].line).toBe(6);
    expect(error.message).toContain('country "CN" role: role must be');
  });

  it("reports every problem of the file at once, each with its line", () => {
    const broken = VALID.replace("role: china", "role: chinese")
      .replace("threshold: 0.5", "threshold: 2")
      .replace("terms: [gas, нефт*]", "terms: [gas, 7]");
    const lines = errorsOf(broken).message.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^config\/taxonomy\.yaml:2: relevance\.threshold: /),
        expect.stringMatching(/^config\/taxonomy\.yaml:6: country "CN" role: /),
        expect.stringMatching(/^config\/taxonomy\.yaml:13: topic "energy" terms: /),
      ]),
    );
  });

  it("reports YAML syntax errors with their line", () => {
    const error = errorsOf(`${VALID}topics_min_score: [1\n`);
    expect(error.message).toMatch(/^config\/taxonomy\.yaml:\d+: /);
  });

  it("reports a missing file clearly", () => {
    expect(() => loadTaxonomyFile("config/no-such-taxonomy.yaml")).toThrow(
      /config\/no-such-taxonomy\.yaml: cannot read taxonomy/,
    );
  });
});
