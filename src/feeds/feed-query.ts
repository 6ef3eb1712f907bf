// RSSHub-style query parameters on any feed (limit, min_outlets, topic, country, filter, filter_title, filterout,
// filterout_title). RSSHub takes regular expressions; we take plain substrings, "|" separating alternatives, so
// no visitor can make the server backtrack. The canonical query (fixed order) goes into the self link.
import type { StoryFilter } from "../model.ts";

export interface FeedQuery {
  limit?: number;
  filter: StoryFilter;
  /** "limit=10&topic=energy", parameters in a fixed order, or "" when none apply. */
  canonical: string;
}

export class FeedQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeedQueryError";
  }
}

const ORDER = [
  "limit",
  "min_outlets",
  "topic",
  "country",
  "filter",
  "filter_title",
  "filterout",
  "filterout_title",
] as const;
const MAX_LIMIT = 500;

type Params = Record<string, string | string[] | undefined>;

/** Reads the known parameters (unknown ones are ignored); throws FeedQueryError on a malformed value. */
export function parseFeedQuery(params: Params): FeedQuery {
  const value = (name: string) => {
    const raw = params[name];
    const text = (Array.isArray(raw) ? raw.at(-1) : raw)?.trim();
    return text ? text : undefined;
  };
  const alternatives = (name: string) =>
    value(name)
      ?.split("|")
      .map((s) => s.trim())
      .filter(Boolean);
  const limit = positiveInt(value("limit"), "limit", MAX_LIMIT);
  const minOutlets = positiveInt(value("min_outlets"), "min_outlets", 1000);
  const filter: StoryFilter = {
    minOutlets,
    topics: value("topic")
      ?.split(",")
      .map((s) => s.trim()),
    countries: value("country")
      ?.split(",")
      .map((s) => s.trim().toUpperCase()),
    keywords: alternatives("filter"),
    keywordsInTitle: alternatives("filter_title"),
    excluded: alternatives("filterout"),
    excludedInTitle: alternatives("filterout_title"),
  };
  const canonical = ORDER.flatMap((name) => {
    const v = value(name);
    return v === undefined ? [] : [`${name}=${encodeURIComponent(v)}`];
  }).join("&");
  return { limit, filter, canonical };
}

function positiveInt(text: string | undefined, name: string, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1) throw new FeedQueryError(`${name} must be a positive whole number`);
  return Math.min(Number(text), max);
}
