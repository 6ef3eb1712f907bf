import { describe, expect, it } from "vitest";
import { loadTaxonomyFile, parseTaxonomy } from "../../src/curate/taxonomy-loader.ts";
import { TaxonomyError } from "../../src/curate/taxonomy.ts";

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

function errorOf(source: string): TaxonomyError {
  try {
    parseTaxonomy(source, "config/taxonomy.yaml");
  } catch (error) {
    if (error instanceof TaxonomyError) return error;
    throw error;
  }
  throw new Error("expected a TaxonomyError");
}

describe("taxonomy loader", () => {
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
    const error = errorOf(VALID.replace("terms: [gas, нефт*]", "terms:\n      - gas\n      - {oil: 1}"));
    expect(error.message).toBe('config/taxonomy.yaml:15: topic "energy" terms: term list must be strings');
  });

  it("names the country and line of a bad role", () => {
    const error = errorOf(VALID.replace("role: china", "role: chinese"));
    expect(error.line).toBe(6);
    expect(error.message).toContain('country "CN" role: role must be');
  });

  it("reports YAML syntax errors with their line", () => {
    const error = errorOf(`${VALID}topics_min_score: [1\n`);
    expect(error.message).toMatch(/^config\/taxonomy\.yaml:\d+: /);
  });

  it("reports a missing file clearly", () => {
    expect(() => loadTaxonomyFile("config/no-such-taxonomy.yaml")).toThrow(
      /config\/no-such-taxonomy\.yaml: cannot read taxonomy/,
    );
  });
});
