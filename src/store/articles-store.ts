import { sqlOf, type Db } from "./client.ts";
import type { ArticleStage, TextStatus } from "../model.ts";

export interface NewArticle {
  /** The outlet's link minus tracking parameters: fetched, shown and published. */
  url: string;
  /** Canonical form of the link: the identity of the article, unique in the table. */
  canonicalKey: string;
  originalUrl: string;
  guid?: string;
  sourceId: string;
  title: string;
  author?: string;
  publishedAt?: Date;
  language?: string;
  summary?: string;
  text?: string;
  html?: string;
  /** "feed" when the feed carried the full text; unset while the page is still to be fetched. */
  extractStatus?: "feed";
}

export interface StoredArticleRef {
  id: string;
  url: string;
  originalUrl: string;
  /** listed: its page is still to be fetched; fetched: its text is complete and it waits to be curated. */
  stage: "listed" | "fetched";
}

/**
 * Stores the articles not seen before and returns only those. The unique canonical key decides "seen" (so a
 * retried or concurrent poll cannot store a copy); a GUID the same source already used under another URL counts
 * as seen too, because feeds sometimes change tracking parameters or paths of an item they already published.
 */
export async function insertNewArticles(db: Db, articles: NewArticle[]): Promise<StoredArticleRef[]> {
  if (!articles.length) return [];
  const known = await knownGuids(db, articles);
  const fresh = articles.filter((a) => !(a.guid && known.has(`${a.sourceId}\u0000${a.guid}`)));
  if (!fresh.length) return [];
  const rows = await db.article.createManyAndReturn({
    data: fresh.map(({ extractStatus, ...a }) => ({
      ...a,
      extractStatus: extractStatus ?? "pending",
      stage: extractStatus ? "fetched" : "listed",
    })),
    skipDuplicates: true,
    select: { id: true, url: true, originalUrl: true, stage: true },
  });
  return rows.map((r) => ({ ...r, stage: r.stage === "listed" ? "listed" : "fetched" }));
}

async function knownGuids(db: Db, articles: NewArticle[]): Promise<Set<string>> {
  const guids = articles.flatMap((a) => (a.guid ? [a.guid] : []));
  if (!guids.length) return new Set();
  const rows = await db.article.findMany({
    where: { sourceId: { in: [...new Set(articles.map((a) => a.sourceId))] }, guid: { in: guids } },
    select: { sourceId: true, guid: true },
  });
  return new Set(rows.map((r) => `${r.sourceId}\u0000${r.guid}`));
}

export interface ArticleUpdate {
  title?: string;
  author?: string;
  publishedAt?: Date;
  modifiedAt?: Date;
  language?: string;
  text?: string;
  html?: string;
  image?: string;
  siteName?: string;
  extractStatus: Exclude<TextStatus, "pending" | "feed">;
  /** Why the page could not be read, when extraction failed. */
  extractError?: string;
}

/** Columns of ArticleUpdate, each with the cast its parameter needs. */
const PAGE_COLUMNS: Record<Exclude<keyof ArticleUpdate, "extractStatus">, string> = {
  title: "title = $%::text",
  author: "author = $%::text",
  publishedAt: `"publishedAt" = $%::timestamp(3)`,
  modifiedAt: `"modifiedAt" = $%::timestamp(3)`,
  language: "language = $%::text",
  text: "text = $%::text",
  html: "html = $%::text",
  image: "image = $%::text",
  siteName: `"siteName" = $%::text`,
  extractError: `"extractError" = $%::text`,
};

/**
 * Stores what the article's page gave; the article moves on to "fetched". Only from "listed": a second run of the
 * same fetch job (a worker that lost its lock while Redis was away, and a worker that took the job over) must not
 * move an article that was curated meanwhile back to "fetched", where no job would ever pick it up again.
 * Fields left undefined keep their stored value. Returns whether this call stored the page.
 */
export async function saveArticlePage(db: Db, id: string, update: ArticleUpdate): Promise<boolean> {
  // One plain statement (sql.ts): through Prisma this cost the worker about a millisecond more per article.
  const values: unknown[] = [id, update.extractStatus, new Date()];
  const assignments = Object.entries(PAGE_COLUMNS).flatMap(([field, assignment]) => {
    const value = update[field as keyof typeof PAGE_COLUMNS];
    if (value === undefined) return [];
    values.push(value);
    return [assignment.replace("$%", `$${values.length}`)];
  });
  const changed = await sqlOf(db).execute(
    `UPDATE "Article"
        SET "extractStatus" = $2::"ExtractStatus", stage = 'fetched', "updatedAt" = $3::timestamp(3)
            ${assignments.map((a) => `, ${a}`).join("")}
      WHERE id = $1::uuid AND stage = 'listed'`,
    ...values,
  );
  return changed > 0;
}

export interface RecoveryBatch {
  /** At most this many articles of each source, so one source's backlog cannot crowd out the others. */
  perSource: number;
  /** Only these sources (a manual `ingest --source`); all when unset. */
  sourceIds?: string[];
  now: Date;
}

/** An article whose pipeline has not finished, as the recovery sweep sees it. */
export interface UnfinishedArticle {
  id: string;
  /** listed: its page is still to be fetched; fetched: it waits to be curated. */
  stage: "listed" | "fetched";
  /** How often the sweep had to restart the article's work so far. */
  recoveries: number;
}

/**
 * Takes a batch of articles whose pipeline has not finished (listed or fetched) and stamps them as looked at now.
 * Least recently looked at first, so articles that stay stuck (or wait in a long queue) go to the back of their
 * source's line and never starve newer ones. Restarts are counted apart (countRestarts): most articles of a batch
 * are merely waiting for their job.
 */
export async function takeUnfinishedArticles(db: Db, batch: RecoveryBatch): Promise<UnfinishedArticle[]> {
  return db.$queryRawUnsafe(
    `WITH picked AS (
       SELECT id FROM (
         SELECT id, row_number() OVER (
                  PARTITION BY "sourceId" ORDER BY "recoveredAt" ASC NULLS FIRST, "createdAt", id) AS n
           FROM "Article"
          WHERE stage IN ('listed', 'fetched') AND ($2::text[] IS NULL OR "sourceId" = ANY($2::text[]))
       ) ranked WHERE n <= $1)
     UPDATE "Article" a SET "recoveredAt" = $3
       FROM picked WHERE a.id = picked.id
     RETURNING a.id::text AS id, a.stage::text AS stage, a.recoveries`,
    batch.perSource,
    batch.sourceIds ?? null,
    batch.now,
  );
}

/** The stage of each of these articles now (absent: no such article). */
export async function stagesOf(db: Db, ids: string[]): Promise<Map<string, ArticleStage>> {
  if (!ids.length) return new Map();
  const rows = await db.article.findMany({ where: { id: { in: ids } }, select: { id: true, stage: true } });
  return new Map(rows.map((r) => [r.id, r.stage]));
}

/** Counts one restart of each article's work by the recovery sweep. */
export async function countRestarts(db: Db, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await db.article.updateMany({ where: { id: { in: ids } }, data: { recoveries: { increment: 1 } } });
}

export interface ArticleFailure {
  id: string;
  /** The stage the article is given up in; an article that moved on meanwhile is left alone. */
  stage: "listed" | "fetched";
  reason: string;
}

/**
 * Gives up on articles: stage failed, with the reason, and no sweep takes them again. Only from the stage the
 * caller saw: a job of theirs that succeeded after all (a late run of the same job) must not be undone. Returns the
 * ids given up.
 */
export async function markArticlesFailed(db: Db, failures: ArticleFailure[]): Promise<string[]> {
  const marked: string[] = [];
  for (const { id, stage, reason } of failures) {
    const { count } = await db.article.updateMany({
      where: { id, stage },
      data: { stage: "failed", failedReason: reason },
    });
    if (count) marked.push(id);
  }
  return marked;
}

/** An article the pipeline gave up on (stage failed), with why. */
export interface GivenUpArticle {
  id: string;
  sourceId: string;
  url: string;
  reason: string;
}

/** The articles given up on, of these sources (or all), oldest first. */
export async function givenUpArticles(db: Db, sourceIds?: string[]): Promise<GivenUpArticle[]> {
  const rows = await db.article.findMany({
    where: { stage: "failed", ...(sourceIds && { sourceId: { in: sourceIds } }) },
    orderBy: { updatedAt: "asc" },
    select: { id: true, sourceId: true, url: true, failedReason: true },
  });
  return rows.map(({ failedReason, ...row }) => ({ ...row, reason: failedReason ?? "" }));
}

/**
 * Sets articles given up on back to the stage whose step failed, with their restarts counted from zero, so the
 * pipeline takes them again. Only articles still failed: one handed back meanwhile is not touched twice. Returns
 * the ids set back.
 */
export async function handBackArticles(db: Db, ids: string[], stage: "listed" | "fetched"): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await sqlOf(db).query<{ id: string }>(
    `UPDATE "Article" SET stage = $2::"ArticleStage", recoveries = 0, "failedReason" = NULL, "updatedAt" = now()
      WHERE id = ANY($1::uuid[]) AND stage = 'failed'
      RETURNING id::text AS id`,
    ids,
    stage,
  );
  return rows.map((r) => r.id);
}

/** What the fetch stage reads of an article: not its (large) html. */
export interface ArticleToFetch {
  id: string;
  url: string;
  stage: ArticleStage;
  extractStatus: TextStatus;
  title: string;
  author: string | null;
  publishedAt: Date | null;
  language: string | null;
  text: string | null;
  summary: string | null;
}

export async function getArticleToFetch(db: Db, id: string): Promise<ArticleToFetch | undefined> {
  const [row] = await sqlOf(db).query<ArticleToFetch>(
    `SELECT id::text AS id, url, stage::text AS stage, "extractStatus"::text AS "extractStatus", title, author,
            "publishedAt", language, text, summary
       FROM "Article" WHERE id = $1::uuid`,
    id,
  );
  return row;
}
