// Digests in Postgres: the week's stories and numbers read for building, and built digests kept for sending and
// the archive. Subscribers and deliveries are in digest-deliveries.ts.
import type { Db } from "./client.ts";
import type { DigestNumbers, DigestStory } from "../model.ts";

interface WeekWindow {
  start: Date;
  end: Date;
}

/** Relevant stories with a copy dated within the week, each with its representative's text and every outlet. */
export async function loadWeekStories(db: Db, { start, end }: WeekWindow): Promise<DigestStory[]> {
  const copies = await db.article.findMany({
    where: {
      storyId: { not: null },
      OR: [{ publishedAt: { gte: start, lt: end } }, { publishedAt: null, fetchedAt: { gte: start, lt: end } }],
    },
    select: { storyId: true, url: true, publishedAt: true, fetchedAt: true, source: { select: { name: true } } },
    orderBy: [{ publishedAt: "asc" }, { fetchedAt: "asc" }],
  });
  const byStory = Map.groupBy(copies, (c) => c.storyId!);
  const stories = await db.story.findMany({ where: { id: { in: [...byStory.keys()] }, relevant: true } });
  const representatives = await db.article.findMany({
    where: { id: { in: stories.flatMap((s) => s.representativeArticleId ?? []) } },
    select: { id: true, url: true, title: true, text: true, summary: true },
  });
  const repById = new Map(representatives.map((r) => [r.id, r]));
  return stories.map((story) => {
    const rep = story.representativeArticleId ? repById.get(story.representativeArticleId) : undefined;
    const own = byStory.get(story.id)!;
    const firstPerOutlet = new Map<string, string>();
    for (const copy of own) if (!firstPerOutlet.has(copy.source.name)) firstPerOutlet.set(copy.source.name, copy.url);
    return {
      id: story.id,
      title: rep?.title ?? story.title,
      text: rep?.text ?? rep?.summary ?? "",
      url: rep?.url ?? own[0].url,
      outlets: [...firstPerOutlet].map(([name, url]) => ({ name, url })),
      relevance: story.relevance ?? 0,
      topics: story.topics,
      countries: story.countries,
      lastSeenAt: new Date(Math.max(...own.map((c) => (c.publishedAt ?? c.fetchedAt).getTime()))),
    };
  });
}

export async function loadWeekNumbers(db: Db, { start, end }: WeekWindow, stories: number): Promise<DigestNumbers> {
  const articlesRead = await db.article.count({ where: { fetchedAt: { gte: start, lt: end } } });
  const [polls] = await db.$queryRawUnsafe<Array<{ polled: bigint; failing: bigint }>>(
    `SELECT count(*) AS polled, count(*) FILTER (WHERE status = 'failed') AS failing
       FROM (SELECT DISTINCT ON ("sourceId") status FROM "Poll"
              WHERE "startedAt" >= $1 AND "startedAt" < $2 ORDER BY "sourceId", "startedAt" DESC) AS last_poll`,
    start,
    end,
  );
  return { articlesRead, stories, sourcesPolled: Number(polls.polled), sourcesFailing: Number(polls.failing) };
}

/** A built digest; `input` is the data it was rendered from, revived by the caller from its JSON. */
export interface StoredDigest<T> {
  id: string;
  week: string;
  input: T;
  html: string;
  text: string;
  storyCount: number;
  builtAt: Date;
}

type DigestRow = Awaited<ReturnType<Db["digest"]["findUniqueOrThrow"]>>;

function storedDigestOf<T>(row: DigestRow, revive: (data: unknown) => T): StoredDigest<T> {
  const { id, week, html, text, storyCount, builtAt } = row;
  return { id, week, html, text, storyCount, builtAt, input: revive(row.data) };
}

export async function findDigest<T>(
  db: Db,
  week: string,
  revive: (data: unknown) => T,
): Promise<StoredDigest<T> | undefined> {
  const row = await db.digest.findUnique({ where: { week } });
  return row ? storedDigestOf(row, revive) : undefined;
}

export interface DigestToSave<T> {
  week: string;
  start: Date;
  end: Date;
  input: T;
  html: string;
  text: string;
  storyCount: number;
}

export async function saveDigest<T>(
  db: Db,
  digest: DigestToSave<T>,
  revive: (data: unknown) => T,
): Promise<StoredDigest<T>> {
  const fields = {
    startsAt: digest.start,
    endsAt: digest.end,
    data: JSON.parse(JSON.stringify(digest.input)),
    html: digest.html,
    text: digest.text,
    storyCount: digest.storyCount,
    builtAt: new Date(),
  };
  const row = await db.digest.upsert({
    where: { week: digest.week },
    create: { week: digest.week, ...fields },
    update: fields,
  });
  return storedDigestOf(row, revive);
}

export async function listDigests(db: Db): Promise<Array<{ week: string; storyCount: number; builtAt: Date }>> {
  return db.digest.findMany({ select: { week: true, storyCount: true, builtAt: true }, orderBy: { week: "desc" } });
}

export async function hasDeliveries(db: Db, digestId: string): Promise<boolean> {
  return (await db.digestDelivery.count({ where: { digestId } })) > 0;
}
