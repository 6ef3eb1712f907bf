import type { PublishedStory } from "../model.ts";
import type { TagScheme } from "./story-id.ts";

export type FeedFormat = "rss" | "atom" | "json";

export const FEED_FORMATS: Record<FeedFormat, { extension: string; contentType: string }> = {
  rss: { extension: "xml", contentType: "application/rss+xml; charset=utf-8" },
  atom: { extension: "atom", contentType: "application/atom+xml; charset=utf-8" },
  json: { extension: "json", contentType: "application/feed+json; charset=utf-8" },
};

/** Everything a renderer needs; no clock, no I/O: the same document renders to the same bytes. */
export interface FeedDocument {
  /** The feed's name and canonical query ("all", "energy?limit=10"): its id, independent of the host. */
  key: string;
  title: string;
  description: string;
  /** The site's front page (absolute). */
  homeUrl: string;
  /** The exact URL each format is served at, query included: each is that format's self link. */
  selfUrls: Record<FeedFormat, string>;
  items: PublishedStory[];
  tag: TagScheme;
  /** Display names of topic ids and country codes, for categories. */
  labels: Record<string, string>;
  /** WebSub hub, when one is configured. */
  hubUrl?: string;
}

/** The feed's own date: its newest item's update, or the epoch for an empty feed (never the render time). */
export function feedUpdated(document: FeedDocument): Date {
  const times = document.items.map((s) => s.updatedAt.getTime());
  return new Date(times.length ? Math.max(...times) : 0);
}
