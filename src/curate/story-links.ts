// Whether two articles are copies of one text (a wire story and its reprints, a trimmed or retitled copy).
// Symmetric and deterministic. Different texts about one event are story-similarity.ts's question.
import { estimateJaccard, estimateContainment } from "./minhash.ts";
import { daysBetween, sharesBand } from "./article-fingerprint.ts";
import type { Fingerprint, StoryArticle } from "./article-fingerprint.ts";
import { contradicts } from "./distinctive-names.ts";
import { eventDatesDisagree } from "./event-dates.ts";
import type { StorySettings } from "../config/story-settings.ts";
import { pairVerdicts } from "./pair-verdicts.ts";

export interface Linkable {
  article: StoryArticle;
  fingerprint: Fingerprint;
}

/**
 * True for copies: the same normalised text, or near-duplicates within the window that share an LSH band (so the
 * index finds every pair this accepts). Only an identical text is always a copy: a reused template is not one when
 * the leads date different days or the titles name different things.
 */
export function areCopies(a: Linkable, b: Linkable, settings: StorySettings): boolean {
  const fa = a.fingerprint;
  const fb = b.fingerprint;
  if (Math.min(fa.textLength, fb.textLength) < settings.minTextChars) return false;
  if (fa.contentHash === fb.contentHash) return true;
  // The band test first: it is the cheapest, and most pairs compared fail it.
  if (!sharesBand(fa, fb)) return false;
  return pairVerdicts.copies(a, b, settings, nearCopies);
}

/** areCopies past its cheap tests: near-duplicate texts within the window, not telling different events. */
function nearCopies(a: Linkable, b: Linkable, settings: StorySettings): boolean {
  const fa = a.fingerprint;
  const fb = b.fingerprint;
  const days = daysBetween(a.article, b.article);
  const nearWindow = days === undefined || days <= settings.nearDuplicateWindowDays;
  if (!(nearWindow && isNearDuplicate(fa, fb, settings))) return false;
  return !(eventDatesDisagree(fa.leadDates, fb.leadDates) || contradicts(fa, fb));
}

function isNearDuplicate(a: Fingerprint, b: Fingerprint, settings: StorySettings): boolean {
  const jaccard = estimateJaccard(a.signature, b.signature);
  if (jaccard >= settings.nearDuplicateJaccard) return true;
  return (
    jaccard > 0 && estimateContainment(jaccard, a.shingleCount, b.shingleCount) >= settings.nearDuplicateContainment
  );
}
