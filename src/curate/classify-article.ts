// Rule-based classification over taxonomy hits: relevance to China–Central Asia relations, topics and countries.
// The score rewards China and Central Asia named *together* (same title, same sentence, or a named joint project or
// format) and penalises stories framed around another power (C5+1, Japan–Central Asia, China–Africa).
import type { Classification } from "../model.ts";
import { splitLead } from "./text-normalize.ts";
import { compileTerms, findTerms } from "./term-matcher.ts";
import type { CompiledTerm, TermHit, Where } from "./term-matcher.ts";
import type { Taxonomy, EntityEntry, CountryRole } from "./taxonomy.ts";

export interface ArticleInput {
  title: string;
  text: string;
  url?: string;
  publishedAt?: Date;
}

/** A taxonomy prepared for matching; build once and reuse for every article. */
export interface Classifier {
  taxonomy: Taxonomy;
  terms: CompiledTerm[];
  roles: Map<string, CountryRole>;
  entities: Map<string, EntityEntry>;
}

export interface ClassifyOptions {
  /** Overrides the taxonomy's relevance threshold. */
  threshold?: number;
  /** Overrides the taxonomy's minimum topic score. */
  topicMinScore?: number;
  /** Body mentions that make a country involved when the title and lead do not name it. */
  countryBodyMentions?: number;
}

const COUNTRY_BODY_MENTIONS = 2;

/** The evidence before any threshold: what the evaluation tunes thresholds on without re-reading the text. */
export interface ArticleScores {
  relevance: number;
  /** Weighted evidence per topic id. */
  topics: Map<string, number>;
  /** Per country code: mentions in the title and lead, and in the body. */
  countries: Map<string, { front: number; body: number }>;
  hits: TermHit[];
}

const WHERE_WEIGHT: Record<Where, number> = { title: 3, lead: 2, body: 1 };
const MAX_BODY_HITS_PER_TOPIC = 4;
const MAX_EVIDENCE = 24;

export function createClassifier(taxonomy: Taxonomy): Classifier {
  return {
    taxonomy,
    terms: compileTerms(taxonomy),
    roles: new Map(taxonomy.countries.map((c) => [c.code, c.role])),
    entities: new Map(taxonomy.entities.map((e) => [e.id, e])),
  };
}

export function classifyArticle(
  article: ArticleInput,
  classifier: Classifier,
  options: ClassifyOptions = {},
): Classification {
  return decideClassification(scoreArticle(article, classifier), classifier, options);
}

export function scoreArticle(article: ArticleInput, classifier: Classifier): ArticleScores {
  const { lead, body } = splitLead(article.text);
  const hits = findTerms(classifier.terms, { title: article.title, lead, body });
  return {
    relevance: relevanceScore(hits, classifier),
    topics: topicScores(hits),
    countries: countryMentions(hits, classifier),
    hits,
  };
}

/** Applies the thresholds (the taxonomy's, or the options' when an evaluation tries others) to the scores. */
export function decideClassification(
  scores: ArticleScores,
  classifier: Classifier,
  options: ClassifyOptions = {},
): Classification {
  const threshold = options.threshold ?? classifier.taxonomy.relevanceThreshold;
  const topicMinScore = options.topicMinScore ?? classifier.taxonomy.topicMinScore;
  return {
    relevant: scores.relevance >= threshold,
    relevance: Math.round(scores.relevance * 1000) / 1000,
    topics: [...scores.topics]
      .filter(([, score]) => score >= topicMinScore)
      .map(([topic]) => topic)
      .sort(),
    countries: involvedCountries(scores.countries, options.countryBodyMentions ?? COUNTRY_BODY_MENTIONS),
    entities: [...new Set(scores.hits.filter((h) => h.group === "entity").map((h) => h.key))].sort(),
    evidence: evidenceOf(scores.hits, classifier),
  };
}

/** What a hit says about relevance: China, Central Asia, a joint China–CA entity, a rival power, or nothing. */
type Signal = "china" | "central_asia" | "joint" | "third_party" | "other_power" | "none";

function signalOf(hit: TermHit, classifier: Classifier): Signal {
  if (hit.group === "region") return "central_asia";
  if (hit.group === "country") {
    const role = classifier.roles.get(hit.key);
    return role === "china" ? "china" : role === "central_asia" ? "central_asia" : "other_power";
  }
  if (hit.group === "entity") {
    const entity = classifier.entities.get(hit.key);
    if (entity?.chinaCentralAsia) return "joint";
    if (entity?.thirdParty) return "third_party";
  }
  return "none";
}

interface SignalCounts {
  count: Record<Signal, Record<Where, number>>;
  /** Sentences per field naming both China and Central Asia. */
  together: Record<Where, number>;
}

function countSignals(hits: TermHit[], classifier: Classifier): SignalCounts {
  const zero = () => ({ title: 0, lead: 0, body: 0 });
  const count = {
    china: zero(),
    central_asia: zero(),
    joint: zero(),
    third_party: zero(),
    other_power: zero(),
    none: zero(),
  };
  const sentences = new Map<string, Set<Signal>>();
  for (const hit of hits) {
    const signal = signalOf(hit, classifier);
    count[signal][hit.where]++;
    const key = `${hit.where}:${hit.sentence}`;
    sentences.set(key, (sentences.get(key) ?? new Set()).add(signal));
  }
  const together = zero();
  for (const [key, signals] of sentences) {
    if (signals.has("china") && signals.has("central_asia")) together[key.split(":")[0] as Where]++;
  }
  return { count, together };
}

function relevanceScore(hits: TermHit[], classifier: Classifier): number {
  const { count, together } = countSignals(hits, classifier);
  const front = (s: Signal) => count[s].title + count[s].lead;
  const total = (s: Signal) => front(s) + count[s].body;
  let score = 0;
  if (front("joint") > 0) score += 2.5;
  else if (count.joint.body > 0) score += 1.5;
  if (count.china.title > 0 && count.central_asia.title > 0) score += 2;
  if (together.lead > 0) score += 1.5;
  score += 0.5 * Math.min(together.body, 3);
  if (front("china") > 0) score += 0.5;
  if (front("central_asia") > 0) score += 0.5;
  if (total("china") <= 1 && total("joint") === 0) score -= 1.5;
  if (front("third_party") > 0 && front("joint") === 0) score -= 2.5;
  if (count.other_power.title > 0 && count.china.title === 0) score -= 1;
  return 1 / (1 + Math.exp(-(score - 2.5)));
}

function topicScores(hits: TermHit[]): Map<string, number> {
  const scores = new Map<string, number>();
  const bodyHits = new Map<string, number>();
  for (const hit of hits) {
    if (hit.group !== "topic") continue;
    if (hit.where === "body") {
      const seen = bodyHits.get(hit.key) ?? 0;
      bodyHits.set(hit.key, seen + 1);
      if (seen >= MAX_BODY_HITS_PER_TOPIC) continue;
    }
    scores.set(hit.key, (scores.get(hit.key) ?? 0) + WHERE_WEIGHT[hit.where]);
  }
  return scores;
}

function countryMentions(hits: TermHit[], classifier: Classifier): Map<string, { front: number; body: number }> {
  const mentions = new Map<string, { front: number; body: number }>();
  for (const hit of hits) {
    const codes =
      hit.group === "country"
        ? [hit.key]
        : hit.group === "entity"
          ? (classifier.entities.get(hit.key)?.countries ?? [])
          : [];
    for (const code of codes) {
      const seen = mentions.get(code) ?? { front: 0, body: 0 };
      if (hit.where === "body") seen.body++;
      else seen.front++;
      mentions.set(code, seen);
    }
  }
  return mentions;
}

// A country is substantively involved when the title or lead names it, or the body does often enough.
function involvedCountries(mentions: Map<string, { front: number; body: number }>, bodyMentions: number): string[] {
  return [...mentions]
    .filter(([, m]) => m.front > 0 || m.body >= bodyMentions)
    .map(([code]) => code)
    .sort();
}

function evidenceOf(hits: TermHit[], classifier: Classifier): Classification["evidence"] {
  const seen = new Set<string>();
  const evidence: Classification["evidence"] = [];
  for (const hit of hits) {
    if (hit.group === "topic") continue;
    const kind =
      hit.group === "entity" ? (classifier.entities.get(hit.key)?.kind ?? "entity") : `${hit.group}:${hit.key}`;
    const key = `${hit.term}|${hit.where}`;
    if (seen.has(key) || evidence.length >= MAX_EVIDENCE) continue;
    seen.add(key);
    evidence.push({ term: hit.term, kind: hit.group === "entity" ? `${kind}:${hit.key}` : kind, where: hit.where });
  }
  return evidence;
}
