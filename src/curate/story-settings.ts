// Thresholds for duplicate detection and story linking. Defaults are what the shipped evaluation was run with;
// `parseStorySettings` validates a `curate:` section of the application config so operators can change them.
import { z } from "zod";

export interface StorySettings {
  /** Estimated shingle Jaccard at or above which two texts are near-duplicates (copies of one text). */
  nearDuplicateJaccard: number;
  /** Share of the shorter text's shingles found in the longer at or above which it is a (trimmed) copy. */
  nearDuplicateContainment: number;
  /** Near-duplicates dated further apart than this are different stories (a reused template, a yearly report). */
  nearDuplicateWindowDays: number;
  /** Title+lead similarity at or above which two differently written articles report the same story. */
  sameStoryTitleLead: number;
  /** Across languages: cosine of the title+lead's names and figures at or above which two reports are one story. */
  crossLanguageNames: number;
  /** Across languages: people, projects, organisations or figures both must name (countries do not count). */
  crossLanguageSharedNames: number;
  /** Same, measured on character 4-grams of title and lead (either measure suffices). */
  sameStoryTitleLeadGrams: number;
  /** When a date is known only to the month: title+lead similarity needed to link within that month. */
  impreciseDateTitleLead: number;
  /** Independent write-ups are linked only when both dates are known to the day and at most this far apart. */
  sameStoryWindowDays: number;
  /** Texts shorter than this (characters) are never linked by text alone: a teaser says too little. */
  minTextChars: number;
}

export const DEFAULT_STORY_SETTINGS: StorySettings = {
  nearDuplicateJaccard: 0.4,
  nearDuplicateContainment: 0.7,
  nearDuplicateWindowDays: 14,
  sameStoryTitleLead: 0.6,
  crossLanguageNames: 0.7,
  crossLanguageSharedNames: 3,
  sameStoryTitleLeadGrams: 0.5,
  impreciseDateTitleLead: 0.8,
  sameStoryWindowDays: 3,
  minTextChars: 150,
};

const storySettingsSchema = z
  .strictObject({
    near_duplicate_jaccard: z.number().min(0).max(1),
    near_duplicate_containment: z.number().min(0).max(1),
    near_duplicate_window_days: z.number().nonnegative(),
    same_story_title_lead: z.number().min(0).max(1),
    cross_language_names: z.number().min(0).max(1),
    cross_language_shared_names: z.number().int().nonnegative(),
    same_story_title_lead_grams: z.number().min(0).max(1),
    imprecise_date_title_lead: z.number().min(0).max(1),
    same_story_window_days: z.number().nonnegative(),
    min_text_chars: z.number().int().nonnegative(),
  })
  .partial();

/** Settings from a raw config object (snake_case keys, all optional); throws zod's error on bad values. */
export function parseStorySettings(raw: unknown): StorySettings {
  const parsed = storySettingsSchema.parse(raw ?? {});
  const d = DEFAULT_STORY_SETTINGS;
  return {
    nearDuplicateJaccard: parsed.near_duplicate_jaccard ?? d.nearDuplicateJaccard,
    nearDuplicateContainment: parsed.near_duplicate_containment ?? d.nearDuplicateContainment,
    nearDuplicateWindowDays: parsed.near_duplicate_window_days ?? d.nearDuplicateWindowDays,
    sameStoryTitleLead: parsed.same_story_title_lead ?? d.sameStoryTitleLead,
    crossLanguageNames: parsed.cross_language_names ?? d.crossLanguageNames,
    crossLanguageSharedNames: parsed.cross_language_shared_names ?? d.crossLanguageSharedNames,
    sameStoryTitleLeadGrams: parsed.same_story_title_lead_grams ?? d.sameStoryTitleLeadGrams,
    impreciseDateTitleLead: parsed.imprecise_date_title_lead ?? d.impreciseDateTitleLead,
    sameStoryWindowDays: parsed.same_story_window_days ?? d.sameStoryWindowDays,
    minTextChars: parsed.min_text_chars ?? d.minTextChars,
  };
}
