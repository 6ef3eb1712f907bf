import { load } from "cheerio";
import { z } from "zod";
import { parseInterval } from "./interval.ts";
import { storySettingsSchema } from "./story-settings.ts";

const httpUrl = z.string().refine((value) => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, "must be an absolute http(s) URL");

const interval = z.string().refine((value) => parseInterval(value) !== undefined, {
  message: 'must be an interval like "90s", "15m", "2h" or "1d"',
});

const MAX_TIMEOUT_MS = 10 * 60_000;
const MAX_BYTES = 100 * 1024 * 1024;

// A timeout past ten minutes holds a worker's slot and the job's lock for no news site's benefit.
const timeout = z.string().refine((value) => (parseInterval(value) ?? Infinity) <= MAX_TIMEOUT_MS, {
  message: 'must be an interval like "30s" or "2m", at most 10m',
});

const keywordList = z.array(z.string().min(1)).default([]);

// Compiled against an empty document now, so a typo is a file:line error at load instead of a failing poll.
const emptyPage = load("");
const selector = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    try {
      emptyPage(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `not a CSS selector cheerio can use: ${(error as Error).message}` });
    }
  });

export const selectorsSchema = z.strictObject({
  item: selector,
  link: selector,
  title: selector.optional(),
  date: selector.optional(),
  summary: selector.optional(),
});

export const sourceSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be a slug: lowercase letters, digits, - or _"),
    name: z.string().min(1),
    url: httpUrl,
    type: z.enum(["feed", "html"]),
    every: interval.default("30m"),
    enabled: z.boolean().default(true),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag like en, ru, zh-CN")
      .optional(),
    fullText: z.boolean().optional(),
    selectors: selectorsSchema.optional(),
    include: keywordList,
    exclude: keywordList,
    maxItems: z.number().int().min(1).max(10_000).optional(),
  })
  .superRefine((source, ctx) => {
    if (source.type === "html" && !source.selectors)
      ctx.addIssue({
        code: "custom",
        path: ["selectors"],
        message: "html sources need selectors.item and selectors.link",
      });
    if (source.type === "feed" && source.selectors)
      ctx.addIssue({ code: "custom", path: ["selectors"], message: "selectors apply to html sources only" });
  });

/** HTTP politeness and safety limits; defaults suit public news sites. */
export const fetchSettingsSchema = z.strictObject({
  userAgent: z.string().min(1).optional(),
  timeout: timeout.optional(),
  connectTimeout: timeout.optional(),
  maxBytes: z.number().int().min(1024).max(MAX_BYTES, "must be at most 104857600 (100 MiB)").optional(),
  maxRedirects: z.number().int().min(0).max(20).optional(),
  perHostConcurrency: z.number().int().min(1).max(16).optional(),
  perHostDelay: z
    .string()
    .regex(/^\d+(ms|s)$/, 'must be a delay like "500ms" or "2s"')
    .optional(),
});

export const sourcesFileSchema = z.strictObject({
  allowPrivateNetworks: z.boolean().default(false),
  fetch: fetchSettingsSchema.default({}),
  /** Thresholds of duplicate detection and story linking (src/config/story-settings.ts has their meaning). */
  stories: storySettingsSchema.default({}),
  /** Consecutive failed polls after which a source is paused. */
  maxConsecutiveFailures: z.number().int().min(1).default(10),
  sources: z.array(z.unknown()).default([]),
});

export type RawSource = z.infer<typeof sourceSchema>;
