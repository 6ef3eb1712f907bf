import type { Db } from "./client.ts";
import { fromDbTextStatus } from "./pipeline-states.ts";

export const EXPORT_FIELDS = [
  "id",
  "url",
  "originalUrl",
  "guid",
  "sourceId",
  "title",
  "author",
  "publishedAt",
  "modifiedAt",
  "fetchedAt",
  "language",
  "summary",
  "text",
  "html",
  "image",
  "siteName",
  "extractStatus",
  "stage",
  "failedReason",
  "contentHash",
  "relevant",
  "relevance",
  "topics",
  "countries",
  "entities",
  "storyId",
  "duplicateOf",
  "canonicalKey",
  "extractError",
] as const;

export type ExportRecord = Record<(typeof EXPORT_FIELDS)[number], unknown>;

const PAGE = 500;

/** Every stored article (fetched since `since`), oldest first, read in pages so memory stays flat. */
export async function* streamArticleRecords(db: Db, since?: Date): AsyncGenerator<ExportRecord> {
  let cursor: string | undefined;
  for (;;) {
    const page = await db.article.findMany({
      where: since ? { fetchedAt: { gte: since } } : {},
      orderBy: [{ fetchedAt: "asc" }, { id: "asc" }],
      take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    for (const a of page) {
      yield {
        id: a.id,
        url: a.url,
        originalUrl: a.originalUrl,
        guid: a.guid,
        sourceId: a.sourceId,
        title: a.title,
        author: a.author,
        publishedAt: a.publishedAt?.toISOString() ?? null,
        modifiedAt: a.modifiedAt?.toISOString() ?? null,
        fetchedAt: a.fetchedAt.toISOString(),
        language: a.language,
        summary: a.summary,
        text: a.text,
        html: a.html,
        image: a.image,
        siteName: a.siteName,
        extractStatus: fromDbTextStatus(a.extractStatus),
        stage: a.stage,
        failedReason: a.failedReason,
        contentHash: a.contentHash,
        relevant: a.relevant,
        relevance: a.relevance,
        topics: a.topics,
        countries: a.countries,
        entities: a.entities,
        storyId: a.storyId,
        duplicateOf: a.duplicateOfId,
        canonicalKey: a.canonicalKey,
        extractError: a.extractError,
      };
    }
    if (page.length < PAGE) return;
    cursor = page[page.length - 1].id;
  }
}
