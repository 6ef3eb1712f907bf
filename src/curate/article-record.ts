// A plain record (`silkwire classify`'s input, the evaluation's labelled items) as the story stage sees an article.
import type { Classification, DatePrecision, StoryArticle } from "../model.ts";

export interface ArticleRecord {
  id: string;
  title: string;
  text: string;
  url?: string;
  /** ISO date or date-time; "2024-06" or "2024" are accepted and treated as imprecise. */
  date?: string;
  outlet?: string;
}

export interface CuratedRecord extends Classification {
  id: string;
  storyId: string;
  duplicateOf: string | null;
}

/** A day-precise date from ISO text, or the month when only "2024-06" is given; a bare year counts as unknown. */
export function parseRecordDate(date: string | undefined): { publishedAt?: Date; datePrecision: DatePrecision } {
  const text = date?.trim() ?? "";
  const partial = /^(\d{4})(?:-(\d{2}))?$/.exec(text);
  if (partial && !partial[2]) return { datePrecision: "none" };
  if (partial)
    return { publishedAt: new Date(Date.UTC(Number(partial[1]), Number(partial[2]) - 1, 1)), datePrecision: "month" };
  const parsed = text ? new Date(text) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime())) return { datePrecision: "none" };
  return { publishedAt: parsed, datePrecision: "day" };
}

function outletOf(record: ArticleRecord): string {
  if (record.outlet) return record.outlet;
  try {
    return new URL(record.url ?? "").host.replace(/^www\./, "");
  } catch {
    return `record:${record.id}`;
  }
}

export function recordArticle(record: ArticleRecord): StoryArticle {
  return {
    id: record.id,
    url: record.url ?? `record:${record.id}`,
    outlet: outletOf(record),
    title: record.title,
    text: record.text,
    ...parseRecordDate(record.date),
  };
}
