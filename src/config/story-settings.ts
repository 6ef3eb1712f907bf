// Thresholds for duplicate detection and story clustering. Defaults are what the shipped evaluation was run with;
// `parseStorySettings` validates the `stories:` section of sources.yaml so operators can change them.
import { z } from "zod";

export interface StorySettings {
  /** Estimated shingle Jaccard at or above which two texts are near-duplicates (copies of one text). */
  nearDuplicateJaccard: number;
  /** Share of the shorter text's shingles found in the longer at or above which it is a (trimmed) copy. */
  nearDuplicateContainment: number;
  /** Near-duplicates dated further apart than this are different stories (a reused template, a yearly report). */
  nearDuplicateWindowDays: number;
  /** Average similarity (story-similarity.ts) at or above which two groups of reports are one story. */
  sameStorySimilarity: number;
  /** Similarity decays as exp(-days / this) with the days between two reports. */
  sameStoryDecayDays: number;
  /** Across languages only names and figures are compared; their cosine is scaled by this. */
  crossLanguageScale: number;
  /** Different texts are clustered only when both are dated and at most this many days apart. */
  sameStoryWindowDays: number;
  /** Texts shorter than this (characters) are never linked by text alone: a teaser says too little. */
  minTextChars: number;
}

export const DEFAULT_STORY_SETTINGS: StorySettings = {
  nearDuplicateJaccard: 0.4,
  nearDuplicateContainment: 0.7,
  nearDuplicateWindowDays: 14,
  sameStorySimilarity: 0.2,
  sameStoryDecayDays: 7,
  crossLanguageScale: 0.8,
  sameStoryWindowDays: 7,
  minTextChars: 150,
};

/** The `stories:` section of sources.yaml: any of the settings above, by the same names; the rest keep defaults. */
export const storySettingsSchema = z.strictObject({
  nearDuplicateJaccard: z.number().min(0).max(1).optional(),
  nearDuplicateContainment: z.number().min(0).max(1).optional(),
  nearDuplicateWindowDays: z.number().nonnegative().optional(),
  sameStorySimilarity: z.number().min(0).max(1).optional(),
  sameStoryDecayDays: z.number().positive().optional(),
  crossLanguageScale: z.number().min(0).max(1).optional(),
  sameStoryWindowDays: z.number().nonnegative().optional(),
  minTextChars: z.number().int().nonnegative().optional(),
});

/** Validated settings (throws zod's error on unknown keys or values out of range), defaults for what is unset. */
export function parseStorySettings(raw: unknown): StorySettings {
  const parsed = storySettingsSchema.parse(raw ?? {});
  const set = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_STORY_SETTINGS, ...set };
}
