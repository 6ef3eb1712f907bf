// Reads taxonomy.yaml into a Taxonomy, reporting every problem at once as `file:line: where: what`.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError, ConfigErrors } from "./errors.ts";
import { parseLocatedYaml } from "./yaml-positions.ts";
import type { Taxonomy, CountryRole } from "./taxonomy.ts";

const termList = z.array(z.string({ error: "term list must be strings" }).min(1, "terms must not be empty"), {
  error: "term list must be a list of strings",
});

const countrySchema = z.strictObject({
  name: z.string(),
  role: z.enum(["china", "central_asia", "other"], { error: 'role must be "china", "central_asia" or "other"' }),
  terms: termList,
});

const entitySchema = z.strictObject({
  label: z.string(),
  kind: z.string(),
  countries: z.array(z.string().regex(/^[A-Z]{2}$/, "country codes are two capital letters")).default([]),
  china_central_asia: z.boolean().default(false),
  third_party: z.boolean().default(false),
  terms: termList,
});

const taxonomySchema = z.strictObject({
  relevance: z.strictObject({ threshold: z.number().min(0).max(1) }),
  topics_min_score: z.number().positive().default(3),
  countries: z.record(z.string().regex(/^[A-Z]{2}$/, "country keys are ISO codes like KZ"), countrySchema),
  region: z.strictObject({ terms: termList }),
  entities: z.record(z.string(), entitySchema),
  topics: z.record(z.string(), z.strictObject({ terms: termList })),
  wire_agencies: termList.default([]),
});

const SECTION_NAMES: Record<string, string> = { countries: "country", entities: "entity", topics: "topic" };

/** Reads and validates a taxonomy file; throws ConfigErrors listing every problem with its line. */
export function loadTaxonomyFile(path: string): Taxonomy {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigErrors([new ConfigError(path, undefined, `cannot read taxonomy: ${(error as Error).message}`)]);
  }
  return parseTaxonomy(source, path);
}

export function parseTaxonomy(source: string, file = "taxonomy.yaml"): Taxonomy {
  const yaml = parseLocatedYaml(source);
  if (yaml.syntaxErrors.length > 0)
    throw new ConfigErrors(yaml.syntaxErrors.map(([line, message]) => new ConfigError(file, line, message)));
  const parsed = taxonomySchema.safeParse(yaml.value);
  if (!parsed.success)
    throw new ConfigErrors(
      parsed.error.issues.map((issue) => {
        const path = issue.path as Array<string | number>;
        return new ConfigError(file, yaml.lineOf(path), `${describePath(path)}${issue.message}`);
      }),
    );
  return toTaxonomy(parsed.data);
}

function describePath(path: Array<string | number>): string {
  const [section, key, ...rest] = path;
  const kind = SECTION_NAMES[String(section)];
  const head = kind && key !== undefined ? `${kind} "${key}"` : path.slice(0, 2).join(".");
  const tail = kind ? rest.filter((p) => typeof p === "string").join(".") : "";
  return head ? `${head}${tail ? ` ${tail}` : ""}: ` : "";
}

function toTaxonomy(data: z.infer<typeof taxonomySchema>): Taxonomy {
  return {
    relevanceThreshold: data.relevance.threshold,
    topicMinScore: data.topics_min_score,
    countries: Object.entries(data.countries).map(([code, c]) => ({
      code,
      name: c.name,
      role: c.role as CountryRole,
      terms: c.terms,
    })),
    regionTerms: data.region.terms,
    entities: Object.entries(data.entities).map(([id, e]) => ({
      id,
      label: e.label,
      kind: e.kind,
      countries: e.countries,
      chinaCentralAsia: e.china_central_asia,
      thirdParty: e.third_party,
      terms: e.terms,
    })),
    topics: Object.entries(data.topics).map(([id, t]) => ({ id, terms: t.terms })),
    wireAgencies: data.wire_agencies,
  };
}
