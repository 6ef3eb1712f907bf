// What a story is, given its members: key, representative, counts, merged classification, and which members are
// copies of which. A function of the member set alone, so any arrival order yields the same story.
import { createHash } from "node:crypto";
import { STORED_TEXT_HEAD_CHARS, type Classification, type StoryAssignment } from "../model.ts";
import { compileTerm, findTerms } from "./term-matcher.ts";
import { areCopies } from "./story-links.ts";
import type { Linkable } from "./story-links.ts";
import type { Fingerprint, StoryArticle } from "./article-fingerprint.ts";
import type { StorySettings } from "../config/story-settings.ts";

export type { StoryAssignment } from "../model.ts";

export interface StoryMember extends Linkable {
  article: StoryArticle;
  fingerprint: Fingerprint;
  classification?: Classification;
}

export type WireDetector = (article: StoryArticle) => boolean;

/** A stored candidate's text is read only this far (its fingerprint carries the rest). */
const WIRE_SCAN_CHARS = STORED_TEXT_HEAD_CHARS;

/**
 * True when the outlet, URL or dateline names a wire agency ("BEIJING, June 6 (Xinhua) --"). Each article object is
 * scanned once: a worker keeps candidate rows from one curation to the next (a changed row is a new object), and
 * every curation that touches a story summarizes its members again.
 */
export function createWireDetector(agencies: string[]): WireDetector {
  const terms = agencies.flatMap((a) => compileTerm("entity", "wire", a) ?? []);
  const scanned = new WeakMap<StoryArticle, boolean>();
  return (article) => {
    let wire = scanned.get(article);
    if (wire === undefined) {
      const head = `${article.outlet} ${article.url}\n${article.title}\n${article.text.slice(0, WIRE_SCAN_CHARS)}`;
      wire = findTerms(terms, { title: head, lead: "", body: "" }).length > 0;
      scanned.set(article, wire);
    }
    return wire;
  };
}

/** Total order on articles: dated before undated, earlier first, then by URL. */
export function compareArticles(a: StoryArticle, b: StoryArticle): number {
  const ta = a.publishedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const tb = b.publishedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.url < b.url ? -1 : a.url > b.url ? 1 : 0;
}

/** The earliest article's URL, hashed: the same members give the same key in any order and any database. */
export function storyKeyOf(members: StoryMember[]): string {
  const first = [...members].sort((x, y) => compareArticles(x.article, y.article))[0];
  return `story-${createHash("sha256").update(first.article.url).digest("hex").slice(0, 32)}`;
}

// Most original first: a wire agency's copy, then a full text rather than a teaser, then the earliest. Each article
// is checked for a wire dateline once, not at every comparison of a sort.
function originalityOrder(isWire: WireDetector): (a: StoryMember, b: StoryMember) => number {
  const wireOf = new Map<StoryMember, number>();
  const wireScore = (m: StoryMember) => {
    let score = wireOf.get(m);
    if (score === undefined) wireOf.set(m, (score = Number(isWire(m.article))));
    return score;
  };
  return (a, b) => {
    const wire = wireScore(b) - wireScore(a);
    if (wire !== 0) return wire;
    const full = Number(b.fingerprint.textLength >= 500) - Number(a.fingerprint.textLength >= 500);
    return full !== 0 ? full : compareArticles(a.article, b.article);
  };
}

/**
 * Groups of indices of `members` sharing a text hash or an LSH band, each ascending: only pairs within a group can
 * be copies (areCopies). Built in O(members × bands), one map per band (a bigint key compares by value).
 */
function copyBuckets(members: StoryMember[]): number[][] {
  const byHash = new Map<string, number[]>();
  const byBand: Array<Map<bigint, number[]>> = [];
  const put = <K>(buckets: Map<K, number[]>, key: K, i: number) => {
    const bucket = buckets.get(key);
    if (bucket) bucket.push(i);
    else buckets.set(key, [i]);
  };
  members.forEach((m, i) => {
    put(byHash, m.fingerprint.contentHash, i);
    m.fingerprint.bands.forEach((hash, band) => put((byBand[band] ??= new Map()), hash, i));
  });
  return [byHash, ...byBand].flatMap((buckets) => [...buckets.values()].filter((bucket) => bucket.length > 1));
}

// Groups of copies. Checking every pair of a story of a hundred members cost 5,000 checks per curation that touched
// it; pairs that share neither a text hash nor a band cannot be copies, so only the others are checked.
function duplicateGroups(members: StoryMember[], settings: StorySettings): StoryMember[][] {
  const parent = members.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  // Only whether members are connected matters: a pair already in one group needs no test, and a pair that failed
  // in one bucket is not tested again in another. In a story of many reprints nearly every pair shares a band, and
  // testing each was most of a summary's cost.
  const failed = new Set<number>();
  for (const bucket of copyBuckets(members)) {
    for (let x = 0; x < bucket.length; x++) {
      for (let y = x + 1; y < bucket.length; y++) {
        const i = bucket[x];
        const j = bucket[y];
        if (find(i) === find(j) || failed.has(i * members.length + j)) continue;
        if (areCopies(members[i], members[j], settings)) parent[find(i)] = find(j);
        else failed.add(i * members.length + j);
      }
    }
  }
  const groups = new Map<number, StoryMember[]>();
  members.forEach((m, i) => {
    const group = groups.get(find(i));
    if (group) group.push(m);
    else groups.set(find(i), [m]);
  });
  return [...groups.values()];
}

export function summarizeStory(members: StoryMember[], settings: StorySettings, isWire: WireDetector): StoryAssignment {
  const byOriginality = originalityOrder(isWire);
  const representative = [...members].sort(byOriginality)[0];
  const duplicateOf = new Map<string, string | null>();
  for (const group of duplicateGroups(members, settings)) {
    const original = [...group].sort(byOriginality)[0];
    for (const m of group) duplicateOf.set(m.article.id, m === original ? null : original.article.id);
  }
  const dates = members.flatMap((m) => (m.article.publishedAt ? [m.article.publishedAt.getTime()] : []));
  const classified = members.flatMap((m) => (m.classification ? [m.classification] : []));
  const sortedIds = members.map((m) => m.article.id).sort();
  return {
    key: storyKeyOf(members),
    title: representative.article.title,
    representativeId: representative.article.id,
    firstSeenAt: dates.length ? new Date(Math.min(...dates)) : undefined,
    lastSeenAt: dates.length ? new Date(Math.max(...dates)) : undefined,
    articleCount: members.length,
    outletCount: new Set(members.map((m) => m.article.outlet)).size,
    relevant: classified.length ? classified.some((c) => c.relevant) : null,
    relevance: classified.length ? Math.max(...classified.map((c) => c.relevance)) : null,
    topics: [...new Set(classified.flatMap((c) => c.topics))].sort(),
    countries: [...new Set(classified.flatMap((c) => c.countries))].sort(),
    members: sortedIds.map((id) => ({ id, duplicateOfId: duplicateOf.get(id) ?? null })),
  };
}
