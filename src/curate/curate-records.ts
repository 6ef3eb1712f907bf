// Classification and story clustering of a batch of plain records, entirely in memory: what `silkwire classify`
// prints and what the evaluation script measures.
import type { Classification } from "../model.ts";
import { classifyArticle } from "./classify-article.ts";
import { fingerprintOf } from "./article-fingerprint.ts";
import type { DatePrecision, StoryArticle } from "./article-fingerprint.ts";
import { clusterArticle } from "./assign-story.ts";
import type { StoryMember } from "./story-cluster.ts";
import { MemoryStoryStore } from "./memory-story-store.ts";
import type { CurateContext } from "./curate-context.ts";

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

export function storyArticleOf(record: ArticleRecord): StoryArticle {
  return {
    id: record.id,
    url: record.url ?? `record:${record.id}`,
    outlet: outletOf(record),
    title: record.title,
    text: record.text,
    ...parseRecordDate(record.date),
  };
}

export async function curateRecords(records: ArticleRecord[], context: CurateContext): Promise<CuratedRecord[]> {
  const store = new MemoryStoryStore();
  const classifications = new Map<string, Classification>();
  for (const record of records) {
    const article = storyArticleOf(record);
    const classification = classifyArticle(
      { title: record.title, text: record.text, url: record.url, publishedAt: article.publishedAt },
      context.classifier,
    );
    classifications.set(record.id, classification);
    const member: StoryMember = { article, fingerprint: fingerprintOf(record, context.gazetteer), classification };
    store.add(member);
    store.save(await clusterArticle(member, store, context));
  }
  return records.map((record) => ({
    id: record.id,
    ...(classifications.get(record.id) as Classification),
    storyId: store.storyKeyOf(record.id) as string,
    duplicateOf: store.duplicateOfId(record.id),
  }));
}
