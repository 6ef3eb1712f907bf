// Whether two articles belong together. Symmetric and deterministic, so clusters built from these links do not
// depend on the order articles arrive in.
import { estimateJaccard, estimateContainment } from "./minhash.ts";
import { cosine, daysBetween, sharedSpecificNames, sharesBand } from "./article-fingerprint.ts";
import { contradicts } from "./distinctive-names.ts";
import { eventDatesDisagree } from "./event-dates.ts";
import { normalizeText } from "./text-normalize.ts";
import type { Fingerprint, StoryArticle } from "./article-fingerprint.ts";
import type { StorySettings } from "../config/story-settings.ts";

/** "duplicate": copies of one text; "same-story": different texts about one event. */
export type LinkKind = "duplicate" | "same-story";

export interface Linkable {
  article: StoryArticle;
  fingerprint: Fingerprint;
}

/**
 * How two articles are linked, if at all. Near-duplicates must share an LSH band (so the index finds every pair
 * the rule accepts); `bandShared` lets a caller that knows the answer from the index skip computing signatures.
 * Similarity is tested first and the costlier contradiction checks only for pairs that would otherwise link.
 */
export function linkKind(
  a: Linkable,
  b: Linkable,
  settings: StorySettings,
  bandShared?: boolean,
): LinkKind | undefined {
  const fa = a.fingerprint;
  const fb = b.fingerprint;
  const longEnough = Math.min(fa.textLength, fb.textLength) >= settings.minTextChars;
  if (longEnough && fa.contentHash === fb.contentHash) return "duplicate";
  const days = daysBetween(a.article, b.article);
  const nearWindow = days === undefined || days <= settings.nearDuplicateWindowDays;
  let kind: LinkKind | undefined;
  if (longEnough && nearWindow && (bandShared ?? sharesBand(fa, fb)) && isNearDuplicate(fa, fb, settings))
    kind = "duplicate";
  else if (days !== undefined && days <= settings.sameStoryWindowDays && sameStory(a, b, days, settings))
    kind = "same-story";
  if (kind && (eventDatesDisagree(fa.leadDates, fb.leadDates) || contradicts(fa, fb))) return undefined;
  return kind;
}

function isNearDuplicate(a: Fingerprint, b: Fingerprint, settings: StorySettings): boolean {
  const jaccard = estimateJaccard(a.signature, b.signature);
  if (jaccard >= settings.nearDuplicateJaccard) return true;
  return (
    jaccard > 0 && estimateContainment(jaccard, a.shingleCount, b.shingleCount) >= settings.nearDuplicateContainment
  );
}

// Across languages only names, figures and event days can be compared, over the whole text since a translation
// reorders what comes first; names of countries alone are not enough, as many events involve the same countries a
// day, and two leaders alone are not either, as they meet often: a third shared name, figure or lead event day is
// asked for. A date known only to the month must overlap the other date; the open day is made up for by a
// near-identical title and lead, or by a similar one that also shares a figure and a named person, company or
// project (a sum, a volume, a count: facts another event in that month would rarely repeat), or by one crediting
// the other's outlet ("…, The Diplomat reported"): a rewrite of that outlet's report.
function sameStory(a: Linkable, b: Linkable, days: number, settings: StorySettings): boolean {
  const fa = a.fingerprint;
  const fb = b.fingerprint;
  const byDay = a.article.datePrecision === "day" && b.article.datePrecision === "day";
  if (!byDay) {
    if (days !== 0 || fa.language !== fb.language) return false;
    const similarity = cosine(fa.titleLead, fb.titleLead);
    if (similarity >= settings.impreciseDateTitleLead) return true;
    if (similarity < settings.sameStoryTitleLead) return false;
    const figures = sharedFigures(fa.textNames, fb.textNames);
    if (figures >= 1 && sharedSpecificNames(fa.textNames, fb.textNames) > figures) return true;
    return credits(a.article.text, b.article.outlet) || credits(b.article.text, a.article.outlet);
  }
  if (fa.language === fb.language) {
    return (
      cosine(fa.titleLead, fb.titleLead) >= settings.sameStoryTitleLead ||
      cosine(fa.titleLeadGrams, fb.titleLeadGrams) >= settings.sameStoryTitleLeadGrams
    );
  }
  const sameEventDay = [...fa.leadDates].some((date) => fb.leadDates.has(date)) ? 1 : 0;
  return (
    sharedSpecificNames(fa.textNames, fb.textNames) + sameEventDay >= settings.crossLanguageSharedNames &&
    cosine(fa.textNames, fb.textNames) >= settings.crossLanguageNames
  );
}

/** Significant numbers both vectors hold (see isSignificantNumber). */
function sharedFigures(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  for (const name of a.keys()) if (b.has(name) && /^\p{N}/u.test(name)) shared++;
  return shared;
}

const CREDIT_BEFORE =
  "(?:according to|citing|cited by|reported by|quoted by|reports|riporta|berichtet|передает|сообщает|пишет)";
const CREDIT_AFTER = "(?:reported|reports|wrote|writes|said|says)";

/** True when the text credits the outlet as its source ("according to Xinhua", "The Diplomat reported"). */
export function credits(text: string, outlet: string): boolean {
  const name = normalizeText(outlet.replace(/\(.*?\)/g, " ").replace(/[-_]/g, " "));
  if (name.length < 4) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(?:^| )(?:${CREDIT_BEFORE} ${escaped}|${escaped} ${CREDIT_AFTER})(?: |$)`, "u");
  return pattern.test(normalizeText(text));
}
