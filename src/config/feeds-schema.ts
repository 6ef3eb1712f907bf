import { z } from "zod";

const stringList = z.array(z.string().min(1, "must not be empty")).default([]);

export const feedSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be a slug: lowercase letters, digits, - or _"),
  title: z.string().min(1),
  description: z.string().optional(),
  topics: stringList,
  countries: stringList,
  sources: stringList,
  languages: stringList,
  minRelevance: z.number().min(0).max(1).optional(),
  minOutlets: z.number().int().min(1).optional(),
  keywords: stringList,
  exclude: stringList,
  items: z.number().int().min(1).max(500).optional(),
});

export type RawFeed = z.infer<typeof feedSchema>;

export const feedsFileSchema = z.strictObject({
  title: z.string().min(1).default("Silkwire"),
  description: z.string().default("China–Central Asia news, one item per story"),
  items: z.number().int().min(1).max(500).default(50),
  cacheMaxAge: z.number().int().min(0).default(300),
  tag: z
    .strictObject({
      authority: z.string().regex(/^[a-z0-9.-]+$/, "must be a domain name or similar (lowercase)"),
      date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "must be a date like 2026 or 2026-12-01"),
    })
    .default({ authority: "silkwire", date: "2026" }),
  defaults: z
    .strictObject({
      all: z.boolean().default(true),
      topics: z.boolean().default(true),
      countries: z.union([z.boolean(), z.array(z.string())]).default(true),
    })
    .default({ all: true, topics: true, countries: true }),
  websub: z.strictObject({ hub: z.url({ protocol: /^https?$/ }) }).optional(),
  feeds: z.array(z.unknown()).default([]),
});
