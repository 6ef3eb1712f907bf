// Whether two articles belong together. Symmetric and deterministic, so clusters built from these links do not
// depend on the order articles arrive in.
import { estimateJaccard, estimateContainment } from "./minhash.ts";
import { cosine, daysBetween, sharedSpecificNames, sharesBand } from "./article-fingerprint.ts";
import { contradicts } from "./distinctive-names.ts";
import { eventDatesDisagree } from "./event-dates.ts";
import type { Fingerprint, StoryArticle } from "./article-fingerprint.ts";
import type { StorySettings } from "./story-settings.ts";

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

// Across languages only names and figures can be compared, over the whole text since a translation reorders
// what comes first; names of countries alone are not enough, as many events involve the same countries a day. A date known only to the month must overlap the other
// date and asks for a near-identical title and lead.
function sameStory(a: Linkable, b: Linkable, days: number, settings: StorySettings): boolean {
  const fa = a.fingerprint;
  const fb = b.fingerprint;
  const byDay = a.article.datePrecision === "day" && b.article.datePrecision === "day";
  if (!byDay)
    return (
      days === 0 && fa.language === fb.language && cosine(fa.titleLead, fb.titleLead) >= settings.impreciseDateTitleLead
    );
  if (fa.language === fb.language) {
    return (
      cosine(fa.titleLead, fb.titleLead) >= settings.sameStoryTitleLead ||
      cosine(fa.titleLeadGrams, fb.titleLeadGrams) >= settings.sameStoryTitleLeadGrams
    );
  }
  return (
    sharedSpecificNames(fa.textNames, fb.textNames) >= settings.crossLanguageSharedNames &&
    cosine(fa.textNames, fb.textNames) >= settings.crossLanguageNames
  );
}
