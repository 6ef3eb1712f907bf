// Whether two articles belong together. Symmetric and deterministic, so clusters built from these links do not
// depend on the order articles arrive in.
import { estimateJaccard, estimateContainment } from "./minhash.ts";
import { cosine, sharedSpecificNames } from "./article-fingerprint.ts";
import { contradicts } from "./distinctive-names.ts";
import { eventDatesDisagree } from "./event-dates.ts";
import type { Fingerprint, StoryArticle } from "./article-fingerprint.ts";
import type { StorySettings } from "./story-settings.ts";

/** "duplicate": copies of one text; "same-story": different texts about one event. */
export type LinkKind = "duplicate" | "same-story";

const DAY_MS = 86_400_000;

export interface Linkable {
  article: StoryArticle;
  fingerprint: Fingerprint;
}

function daysApart(a: StoryArticle, b: StoryArticle): number | undefined {
  if (!a.publishedAt || !b.publishedAt) return undefined;
  return Math.abs(a.publishedAt.getTime() - b.publishedAt.getTime()) / DAY_MS;
}

export function linkKind(a: Linkable, b: Linkable, settings: StorySettings): LinkKind | undefined {
  const fa = a.fingerprint;
  const fb = b.fingerprint;
  const days = daysApart(a.article, b.article);
  const longEnough = Math.min(fa.textLength, fb.textLength) >= settings.minTextChars;
  if (longEnough && fa.contentHash === fb.contentHash) return "duplicate";
  if (contradicts(fa, fb) || eventDatesDisagree(fa.leadDates, fb.leadDates)) return undefined;
  const nearWindow = days === undefined || days <= settings.nearDuplicateWindowDays;
  if (longEnough && nearWindow && isNearDuplicate(fa, fb, settings)) return "duplicate";
  const precise = a.article.datePrecise && b.article.datePrecise && days !== undefined;
  if (precise && days <= settings.sameStoryWindowDays && sameStory(fa, fb, settings)) return "same-story";
  return undefined;
}

function isNearDuplicate(a: Fingerprint, b: Fingerprint, settings: StorySettings): boolean {
  const jaccard = estimateJaccard(a.signature, b.signature);
  if (jaccard >= settings.nearDuplicateJaccard) return true;
  return jaccard > 0 && estimateContainment(jaccard, a.shingleCount, b.shingleCount) >= settings.nearDuplicateContainment;
}

// Across languages only names and figures can be compared, and names of countries alone are not enough: many
// events involve the same countries on the same day.
function sameStory(a: Fingerprint, b: Fingerprint, settings: StorySettings): boolean {
  if (a.language === b.language) return cosine(a.titleLead, b.titleLead) >= settings.sameStoryTitleLead;
  return sharedSpecificNames(a, b) >= settings.crossLanguageSharedNames && cosine(a.names, b.names) >= settings.crossLanguageNames;
}
