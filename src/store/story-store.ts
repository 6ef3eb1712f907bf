// Stories in Postgres, the reading side: the article fields the story stage needs and the candidate queries
// (content hash, LSH bands, the story-key pre-filter of a time window). Writes are in story-writes.ts. Only reads:
// fingerprints and decisions are src/curate's.
import { createHash } from "node:crypto";
import type { Db } from "./client.ts";
import type { Prisma } from "./generated/client.ts";
import type { Classification, StoredStoryArticle, StoryArticle } from "../model.ts";

export type DbClient = Db | Prisma.TransactionClient;

// One lock for all story writes: two articles of one story assigned concurrently would otherwise each miss the
// other and create two stories. Assignment takes milliseconds, so serialising it costs little.
export const STORY_LOCK_KEY = 0x5111c5;

export const ARTICLE_FIELDS = {
  id: true,
  url: true,
  sourceId: true,
  title: true,
  text: true,
  summary: true,
  publishedAt: true,
  fetchedAt: true,
  updatedAt: true,
  contentHash: true,
  relevant: true,
  relevance: true,
  topics: true,
  countries: true,
  entities: true,
  evidence: true,
  classifiedAt: true,
  storyId: true,
  duplicateOfId: true,
  storyKeys: true,
} as const;

export type ArticleRow = Prisma.ArticleGetPayload<{ select: typeof ARTICLE_FIELDS }>;

function articleText(row: ArticleRow): string {
  return row.text ?? row.summary ?? "";
}

/** Undated articles are placed at their fetch time but never linked by date-dependent rules. */
function storyArticleOf(row: ArticleRow): StoryArticle {
  return {
    id: row.id,
    url: row.url,
    outlet: row.sourceId,
    title: row.title,
    text: articleText(row),
    publishedAt: row.publishedAt ?? row.fetchedAt,
    datePrecision: row.publishedAt !== null ? "day" : "none",
  };
}

/** The article as the story stage reads it; its revision changes whenever the row does. */
export function storedOf(row: ArticleRow): StoredStoryArticle {
  return {
    article: storyArticleOf(row),
    classification: classificationOf(row),
    revision: `${row.updatedAt.getTime()}`,
  };
}

function classificationOf(row: ArticleRow): Classification | undefined {
  if (!row.classifiedAt || row.relevant === null || row.relevance === null) return undefined;
  const evidence = (row.evidence ?? []) as Classification["evidence"];
  return {
    relevant: row.relevant,
    relevance: row.relevance,
    topics: row.topics,
    countries: row.countries,
    entities: row.entities,
    evidence,
  };
}

/** A new story's id, minted from its key (story-writes.ts decides when): one key gives one id in any database. */
export function storyIdOf(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The candidate queries of the story stage (src/curate/curate-store.ts, StoredCandidates) over Postgres. */
export class PgStoryStore {
  protected readonly db: DbClient;

  constructor(db: DbClient) {
    this.db = db;
  }

  async findByContentHash(hash: string): Promise<StoredStoryArticle[]> {
    return (await this.db.article.findMany({ where: { contentHash: hash }, select: ARTICLE_FIELDS })).map(storedOf);
  }

  /** One indexed lookup per band through (band, hash): cost depends on matches, not on the archive's size. */
  async findByBands(bands: bigint[]): Promise<StoredStoryArticle[]> {
    const rows = await this.db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT DISTINCT b."articleId"::text AS id
         FROM unnest($1::int[], $2::bigint[]) AS q(band, hash)
         JOIN "LshBand" b ON b.band = q.band AND b.hash = q.hash`,
      bands.map((_, band) => band),
      bands.map((hash) => hash.toString()),
    );
    return this.byIds(rows.map((r) => r.id));
  }

  /** Ranked in SQL over the GIN-indexed storyKeys, so only the best `limit` rows are loaded and fingerprinted. */
  async findPublishedBetween(from: Date, to: Date, keys: string[], limit: number): Promise<StoredStoryArticle[]> {
    if (!keys.length) return [];
    const rows = await this.db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT a.id::text AS id
         FROM "Article" a
        WHERE a."publishedAt" BETWEEN $1 AND $2 AND a."storyKeys" && $3::text[]
        ORDER BY (SELECT count(*) FROM unnest(a."storyKeys") k WHERE k = ANY($3::text[])) DESC, a.id
        LIMIT $4`,
      from,
      to,
      keys,
      limit,
    );
    return this.byIds(rows.map((r) => r.id));
  }

  async findStoryMembers(articleIds: string[]): Promise<StoredStoryArticle[]> {
    const stories = await this.db.article.findMany({
      where: { id: { in: articleIds }, storyId: { not: null } },
      select: { storyId: true },
    });
    const storyIds = [...new Set(stories.map((s) => s.storyId as string))];
    const rows = await this.db.article.findMany({
      where: { OR: [{ id: { in: articleIds } }, { storyId: { in: storyIds } }] },
      select: ARTICLE_FIELDS,
    });
    return rows.map(storedOf);
  }

  private async byIds(ids: string[]): Promise<StoredStoryArticle[]> {
    if (!ids.length) return [];
    return (await this.db.article.findMany({ where: { id: { in: ids } }, select: ARTICLE_FIELDS })).map(storedOf);
  }
}

/** Article ids in id order after `cursor` (published, or undated and fetched, since `since`): reclassify's pages. */
export async function articleIdsAfter(
  db: Db,
  since: Date | undefined,
  cursor: string | undefined,
  take: number,
): Promise<string[]> {
  const where = sinceFilter(since);
  const rows = await db.article.findMany({
    where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
    orderBy: { id: "asc" },
    take,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

export async function countArticlesSince(db: Db, since: Date | undefined): Promise<number> {
  return db.article.count({ where: sinceFilter(since) });
}

function sinceFilter(since: Date | undefined): Prisma.ArticleWhereInput {
  return since ? { OR: [{ publishedAt: { gte: since } }, { publishedAt: null, fetchedAt: { gte: since } }] } : {};
}
