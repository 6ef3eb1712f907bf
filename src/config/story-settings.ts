// Thresholds for duplicate detection and story linking. Defaults are what the shipped evaluation was run with;
// `parseStorySettings` validates the `stories:` section of sources.yaml so operators can change them.
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

/** The `stories:` section of sources.yaml: any of the settings above, by the same names; the rest keep defaults. */
export const storySettingsSchema = z.strictObject({
  nearDuplicateJaccard: z.number().min(0).max(1).optional(),
  nearDuplicateContainment: z.number().min(0).max(1).optional(),
  nearDuplicateWindowDays: z.number().nonnegative().optional(),
  sameStoryTitleLead: z.number().min(0).max(1).optional(),
  crossLanguageNames: z.number().min(0).max(1).optional(),
  crossLanguageSharedNames: z.number().int().nonnegative().optional(),
  sameStoryTitleLeadGrams: z.number().min(0).max(1).optional(),
  impreciseDateTitleLead: z.number().min(0).max(1).optional(),
  sameStoryWindowDays: z.number().nonnegative().optional(),
  minTextChars: z.number().int().nonnegative().optional(),
});

/** Validated settings (throws zod's error on unknown keys or values out of range), defaults for what is unset. */
export function parseStorySettings(raw: unknown): StorySettings {
  const parsed = storySettingsSchema.parse(raw ?? {});
  const set = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_STORY_SETTINGS, ...set };
}
