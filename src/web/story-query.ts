// Query parameters of /stories and /api/stories: filters, a cursor for the next page, a page size.
import type { StoryFilter } from "../model.ts";
import type { StoryCursor } from "../store/published-stories.ts";

export type StoryParams = Record<string, string | string[] | undefined>;

export interface StoryQuery {
  filter: StoryFilter;
  cursor?: StoryCursor;
  limit: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class BadRequest extends Error {}

export function isStoryId(value: string): boolean {
  return UUID.test(value);
}

export function param(params: StoryParams, name: string): string | undefined {
  const raw = params[name];
  const text = (Array.isArray(raw) ? raw.at(-1) : raw)?.trim();
  return text ? text.slice(0, 200) : undefined;
}

export function encodeCursor(cursor: StoryCursor): string {
  return Buffer.from(`${cursor.firstSeenAt.toISOString()}|${cursor.id}`).toString("base64url");
}

function decodeCursor(text: string): StoryCursor {
  const [at, id] = Buffer.from(text, "base64url").toString("utf8").split("|");
  const firstSeenAt = new Date(at);
  if (!id || !isStoryId(id) || Number.isNaN(firstSeenAt.getTime())) throw new BadRequest("cursor is not valid");
  return { firstSeenAt, id };
}

function date(text: string | undefined, name: string): Date | undefined {
  if (!text) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text)))
    throw new BadRequest(`${name} must be a date like 2026-12-01`);
  return new Date(`${text}T00:00:00Z`);
}

export function parseStoryQuery(params: StoryParams, defaultLimit: number): StoryQuery {
  const limitText = param(params, "limit");
  if (limitText !== undefined && !/^\d{1,3}$/.test(limitText)) throw new BadRequest("limit must be 1 to 100");
  const until = date(param(params, "to"), "to");
  const one = (name: string) => {
    const v = param(params, name);
    return v ? [v] : undefined;
  };
  return {
    limit: Math.min(Math.max(Number(limitText ?? defaultLimit), 1), 100),
    cursor: param(params, "cursor") ? decodeCursor(param(params, "cursor")!) : undefined,
    filter: {
      topics: one("topic"),
      countries: one("country")?.map((c) => c.toUpperCase()),
      sources: one("outlet"),
      languages: one("language"),
      since: date(param(params, "from"), "from"),
      // "to" is inclusive: the whole day counts.
      until: until ? new Date(until.getTime() + 86_400_000) : undefined,
      query: param(params, "q"),
    },
  };
}
