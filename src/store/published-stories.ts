// Reading stories for publishing: which stories a feed, page or API call shows (one SQL query with every filter,
// keyset-paginated), and each story with its copies as a PublishedStory. Nothing here renders.
import type { Db } from "./client.ts";
import { Prisma } from "./generated/client.ts";
import type { Classification, PublishedStory, StoryCopy, StoryFilter } from "../model.ts";

/** Where a page of results ends: the last story's first-seen time and id (the sort key). */
export interface StoryCursor {
  firstSeenAt: Date;
  id: string;
}

export interface StoryPage {
  ids: string[];
  next?: StoryCursor;
}

const list = (values: string[] | undefined) => values?.filter(Boolean) ?? [];
// Case-insensitive substring tests with strpos: linear time, no pattern language a visitor could abuse.
const TEXT = Prisma.sql`lower(r.title || ' ' || coalesce(r.text, r.summary, ''))`;
const anyIn = (haystack: Prisma.Sql, needles: string[]) =>
  Prisma.sql`EXISTS (SELECT 1 FROM unnest(${needles}::text[]) AS k WHERE strpos(${haystack}, lower(k)) > 0)`;

function conditions(filter: StoryFilter): Prisma.Sql[] {
  const where = [Prisma.sql`s.relevant = true`];
  const { topics, countries, sources, languages, keywords, keywordsInTitle, excluded, excludedInTitle } = filter;
  if (list(topics).length) where.push(Prisma.sql`s.topics && ${list(topics)}::text[]`);
  if (list(countries).length) where.push(Prisma.sql`s.countries && ${list(countries)}::text[]`);
  if (list(sources).length)
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "Article" a WHERE a."storyId" = s.id AND a."sourceId" = ANY(${list(sources)}::text[]))`,
    );
  if (list(languages).length)
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "Article" a WHERE a."storyId" = s.id AND a.language = ANY(${list(languages)}::text[]))`,
    );
  if (filter.minRelevance !== undefined) where.push(Prisma.sql`s.relevance >= ${filter.minRelevance}`);
  if (filter.minOutlets !== undefined) where.push(Prisma.sql`s."outletCount" >= ${filter.minOutlets}`);
  if (list(keywords).length) where.push(anyIn(TEXT, list(keywords)));
  if (list(keywordsInTitle).length) where.push(anyIn(Prisma.sql`lower(r.title)`, list(keywordsInTitle)));
  if (list(excluded).length) where.push(Prisma.sql`NOT ${anyIn(TEXT, list(excluded))}`);
  if (list(excludedInTitle).length)
    where.push(Prisma.sql`NOT ${anyIn(Prisma.sql`lower(r.title)`, list(excludedInTitle))}`);
  if (filter.since) where.push(Prisma.sql`s."firstSeenAt" >= ${filter.since}`);
  if (filter.until) where.push(Prisma.sql`s."firstSeenAt" < ${filter.until}`);
  if (filter.query?.trim())
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "Article" a JOIN "ArticleSearch" x ON x."articleId" = a.id WHERE a."storyId" = s.id AND x.document @@ websearch_to_tsquery('simple', ${filter.query.trim()}))`,
    );
  return where;
}

/** Ids of relevant stories matching every filter, newest first, `limit` at most, after `cursor` when given. */
export async function selectStoryIds(
  db: Db,
  filters: StoryFilter | StoryFilter[],
  limit: number,
  cursor?: StoryCursor,
): Promise<StoryPage> {
  const where = [filters].flat().flatMap(conditions);
  if (cursor) where.push(Prisma.sql`(s."firstSeenAt", s.id) < (${cursor.firstSeenAt}, ${cursor.id}::uuid)`);
  const rows = await db.$queryRaw<Array<{ id: string; firstSeenAt: Date }>>`
    SELECT s.id::text AS id, s."firstSeenAt" AS "firstSeenAt"
    FROM "Story" s LEFT JOIN "Article" r ON r.id = s."representativeArticleId"
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY s."firstSeenAt" DESC, s.id DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { ids: page.map((r) => r.id), next: rows.length > limit && last ? last : undefined };
}

const COPY_FIELDS = {
  id: true,
  url: true,
  title: true,
  author: true,
  language: true,
  publishedAt: true,
  fetchedAt: true,
  createdAt: true,
  sourceId: true,
  source: { select: { name: true } },
} as const;

/** What is published of the representative alone: its page and text. */
const CONTENT_FIELDS = { id: true, html: true, text: true, summary: true, evidence: true } as const;

type CopyRow = Prisma.ArticleGetPayload<{ select: typeof COPY_FIELDS }>;
type ContentRow = Prisma.ArticleGetPayload<{ select: typeof CONTENT_FIELDS }>;

/**
 * The stories with these ids, in the given order, each with all its copies. Unknown ids are left out. Only the
 * representatives' pages and texts are read: a feed build read them for every copy of its 50 stories, tens of MB
 * a build once stories hold dozens of reports.
 */
export async function loadPublishedStories(db: Db, ids: string[]): Promise<PublishedStory[]> {
  if (!ids.length) return [];
  const rows = await db.story.findMany({
    where: { id: { in: ids } },
    include: {
      articles: { select: COPY_FIELDS, orderBy: [{ publishedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }] },
    },
  });
  // Stories without copies (all deleted) are left out, as unknown ids are.
  const stories = new Map(
    rows.flatMap((row) => (row.articles.length ? [[row.id, { row, representative: representativeOf(row) }]] : [])),
  );
  const contents = await db.article.findMany({
    where: { id: { in: [...stories.values()].map((s) => s.representative.id) } },
    select: CONTENT_FIELDS,
  });
  const contentOf = new Map(contents.map((c) => [c.id, c]));
  return ids.flatMap((id) => {
    const story = stories.get(id);
    const content = story && contentOf.get(story.representative.id);
    return story && content ? [toPublishedStory(story.row, story.representative, content)] : [];
  });
}

function representativeOf(story: { representativeArticleId: string | null; articles: CopyRow[] }): CopyRow {
  return story.articles.find((a) => a.id === story.representativeArticleId) ?? story.articles[0];
}

function toPublishedStory(
  story: {
    id: string;
    title: string;
    topics: string[];
    countries: string[];
    relevance: number | null;
    outletCount: number;
    firstSeenAt: Date;
    articles: CopyRow[];
  },
  representative: CopyRow,
  content: ContentRow,
): PublishedStory {
  const { articles } = story;
  const copies = [representative, ...articles.filter((a) => a !== representative)];
  return {
    id: story.id,
    title: representative.title || story.title,
    representative: toCopy(representative),
    contentHtml: content.html ?? undefined,
    text: content.text ?? content.summary ?? "",
    copies: copies.map(toCopy),
    topics: story.topics,
    countries: story.countries,
    relevance: story.relevance ?? 0,
    outletCount: story.outletCount,
    publishedAt: representative.publishedAt ?? story.firstSeenAt,
    updatedAt: materialUpdate(representative, articles),
    evidence: (content.evidence ?? []) as Classification["evidence"],
  };
}

/**
 * When the story last changed in a way a reader cares about: the latest arrival of the representative or of an
 * outlet's first copy. Another copy from an outlet already listed changes nothing, so `updated` stays put.
 */
function materialUpdate(representative: CopyRow, articles: CopyRow[]): Date {
  const firstPerOutlet = new Map<string, number>();
  for (const a of articles) {
    const at = a.createdAt.getTime();
    firstPerOutlet.set(a.sourceId, Math.min(firstPerOutlet.get(a.sourceId) ?? at, at));
  }
  return new Date(Math.max(representative.createdAt.getTime(), ...firstPerOutlet.values()));
}

function toCopy(row: CopyRow): StoryCopy {
  return {
    articleId: row.id,
    url: row.url,
    title: row.title,
    outletId: row.sourceId,
    outletName: row.source.name,
    language: row.language ?? undefined,
    author: row.author ?? undefined,
    publishedAt: row.publishedAt ?? undefined,
  };
}
