// Rule-based classification over taxonomy hits: relevance to China–Central Asia relations, topics and countries.
// The score rewards China and Central Asia named *together* (same title, same sentence, or a named joint project or
// format) and penalises stories framed around another power (C5+1, Japan–Central Asia, China–Africa).
import type { Classification } from "../model.ts";
import { splitLead } from "./text-normalize.ts";
import { compileTerms, findTerms, withoutOverlaps } from "./term-matcher.ts";
import type { CompiledTerm, TermHit, Where } from "./term-matcher.ts";
import type { Taxonomy, EntityEntry, CountryRole } from "../config/taxonomy.ts";

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
  /** Overrides the weight of a topic term by its most prominent place. */
  topicWeights?: Record<Where, number>;
  /** Body characters per mention a country needs when the title and lead do not name it. */
  countryBodyChars?: number;
}

// A country named only in the body must be named about once per this many characters of it: once in a short
// news item, more often in a long feature where a passing mention ("as in Russia") is cheap. Cross-validated on
// the dev set, where bodies are short (one mention always wins there); the length scaling is not tested by it.
const COUNTRY_BODY_CHARS = 1500;

/** The evidence before any threshold: what the evaluation tunes thresholds on without re-reading the text. */
export interface ArticleScores {
  relevance: number;
  /** Per topic id: its distinct terms, each at its most prominent place. */
  topics: Map<string, Where[]>;
  /** Per country code: mentions in the title and lead, and in the body. */
  countries: Map<string, { front: number; body: number }>;
  bodyChars: number;
  hits: TermHit[];
}

// Weights of a topic term by its most prominent place. Chosen by 5-fold cross-validation on the dev set (every
// fold chose these among title 2-4, lead 1-3, body 0.5-1.5): two distinct body terms, or a lead term and a body
// term, make a topic; one lead term alone does not.
export const TOPIC_WEIGHTS: Record<Where, number> = { title: 3, lead: 2, body: 1.5 };
const MAX_TERMS_PER_TOPIC = 4;
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
    topics: topicTerms(hits),
    countries: countryMentions(hits, classifier),
    bodyChars: body.length,
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
  const weights = options.topicWeights ?? TOPIC_WEIGHTS;
  return {
    relevant: scores.relevance >= threshold,
    relevance: Math.round(scores.relevance * 1000) / 1000,
    topics: [...scores.topics]
      .filter(([, places]) => topicScore(places, weights) >= topicMinScore)
      .map(([topic]) => topic)
      .sort(),
    countries: involvedCountries(scores, options.countryBodyChars ?? COUNTRY_BODY_CHARS),
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
    // A Chinese company or official is China's presence, as a Kazakh one is Kazakhstan's.
    const roles = new Set(entity?.countries.map((code) => classifier.roles.get(code)));
    if (roles.size === 1 && roles.has("china")) return "china";
    if (roles.size === 1 && roles.has("central_asia")) return "central_asia";
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

// A topic's score sums its distinct terms, each at the weight of its most prominent place: one lead sentence
// naming trade and tariffs says more than "transit" repeated three times, and an article's length (more repeats)
// does not by itself make a topic.
const PROMINENCE: Record<Where, number> = { title: 3, lead: 2, body: 1 };

function topicTerms(hits: TermHit[]): Map<string, Where[]> {
  const best = new Map<string, Map<string, Where>>();
  for (const hit of withoutOverlaps(hits.filter((h) => h.group === "topic"))) {
    const terms = best.get(hit.key) ?? new Map<string, Where>();
    const seen = terms.get(hit.term);
    if (!seen || PROMINENCE[hit.where] > PROMINENCE[seen]) terms.set(hit.term, hit.where);
    best.set(hit.key, terms);
  }
  return new Map([...best].map(([topic, terms]) => [topic, [...terms.values()]]));
}

function topicScore(places: Where[], weights: Record<Where, number>): number {
  const sorted = places.map((where) => weights[where]).sort((x, y) => y - x);
  return sorted.slice(0, MAX_TERMS_PER_TOPIC).reduce((sum, w) => sum + w, 0);
}

function countryMentions(hits: TermHit[], classifier: Classifier): Map<string, { front: number; body: number }> {
  const codesOf = (hit: TermHit) =>
    hit.group === "country"
      ? [hit.key]
      : hit.group === "entity"
        ? impliedCountries(classifier.entities.get(hit.key))
        : [];
  // Names that imply no country are set aside before overlaps are resolved, so that "China and the five Central
  // Asian countries" (the C+C5 format) leaves "five Central Asian countries" (the group) standing.
  const naming = withoutOverlaps(hits.filter((hit) => codesOf(hit).length > 0));
  const mentions = new Map<string, { front: number; body: number }>();
  for (const hit of naming) {
    for (const code of codesOf(hit)) {
      const seen = mentions.get(code) ?? { front: 0, body: 0 };
      if (hit.where === "body") seen.body++;
      else seen.front++;
      mentions.set(code, seen);
    }
  }
  return mentions;
}

// A leader or a bilateral project stands for its countries. A format, declaration or project of three or more
// countries names a relationship, not its members: "China–Central Asia cooperation" does not say which of the five
// took part. A group named as such ("the five Central Asian countries") does name them.
function impliedCountries(entity: EntityEntry | undefined): string[] {
  if (!entity) return [];
  return entity.countries.length <= 2 || entity.kind === "group" ? entity.countries : [];
}

// A country is substantively involved when the title or lead names it, or the body does often enough.
function involvedCountries(scores: ArticleScores, bodyCharsPerMention: number): string[] {
  const needed = Math.max(1, Math.ceil(scores.bodyChars / bodyCharsPerMention));
  return [...scores.countries]
    .filter(([, m]) => m.front > 0 || m.body >= needed)
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
