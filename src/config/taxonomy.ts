// The vocabulary as typed values. Validated from taxonomy.yaml by taxonomy-file.ts;
// the curate stage reads these.

export type CountryRole = "china" | "central_asia" | "other";

export interface CountryEntry {
  code: string;
  name: string;
  role: CountryRole;
  terms: string[];
}

/** A named project, organisation, format or person worth tagging. */
export interface EntityEntry {
  id: string;
  label: string;
  kind: string;
  /** Countries the entity implies (a leader's country, a project's countries). */
  countries: string[];
  /** Naming it is itself evidence of China–Central Asia relations (C+C5, the CKU railway, Khorgos). */
  chinaCentralAsia: boolean;
  /** A rival format or power whose presence makes China a bystander (C5+1, Japan–Central Asia). */
  thirdParty: boolean;
  terms: string[];
}

export interface TopicEntry {
  id: string;
  terms: string[];
}

export interface Taxonomy {
  relevanceThreshold: number;
  /** Minimum weighted distinct terms (title 3, lead 2, body 1.5) for a topic label. */
  topicMinScore: number;
  countries: CountryEntry[];
  /** Terms for Central Asia as a whole ("Central Asia", "Центральная Азия", "中亚"). */
  regionTerms: string[];
  entities: EntityEntry[];
  topics: TopicEntry[];
  /** Agencies whose copy other outlets reprint: their version is the story's representative. */
  wireAgencies: string[];
}
