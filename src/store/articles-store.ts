import type { Db } from "./client.ts";

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
  extractStatus?: string;
}

export interface StoredArticleRef {
  id: string;
  url: string;
  originalUrl: string;
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
  return db.article.createManyAndReturn({
    data: fresh,
    skipDuplicates: true,
    select: { id: true, url: true, originalUrl: true },
  });
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
  extractStatus: string;
  /** Why the page could not be read, when extraction failed. */
  extractError?: string;
}

export async function saveArticlePage(db: Db, id: string, update: ArticleUpdate): Promise<void> {
  await db.article.update({ where: { id }, data: update });
}

/**
 * Articles of a source that a poll stored but whose later stages never finished (a worker died between storing
 * and enqueueing): the page is still to be fetched, or the text is there but not yet curated.
 */
export async function unfinishedArticles(db: Db, sourceId: string, limit = 5000) {
  const rows = await db.article.findMany({
    where: { sourceId, classifiedAt: null },
    select: { id: true, url: true, originalUrl: true, extractStatus: true },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
  return {
    toFetch: rows.filter((r) => r.extractStatus === null),
    toCurate: rows.filter((r) => r.extractStatus !== null),
  };
}

export async function getArticle(db: Db, id: string) {
  return db.article.findUnique({ where: { id } });
}
