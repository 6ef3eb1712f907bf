import type { Db } from "./client.ts";
import type { SourceHealth } from "./sources-store.ts";

/** Every story id ever minted: live stories plus the ids merges absorbed (an absorbed id becomes an alias). */
export async function storiesMinted(db: Db): Promise<number> {
  const [stories, aliases] = await Promise.all([db.story.count(), db.storyAlias.count()]);
  return stories + aliases;
}

/** Digest deliveries per state; empty until the digest is set up. */
export async function digestDeliveryCounts(db: Db): Promise<Record<string, number>> {
  return {};
}

/** The source of an article, for the log line and fetch metrics of a job that knows only the article. */
export async function sourceOfArticle(db: Db, articleId: string): Promise<string | undefined> {
  const row = await db.article.findUnique({ where: { id: articleId }, select: { sourceId: true } });
  return row?.sourceId;
}

export interface FailedArticle {
  id: string;
  sourceId: string;
  url: string;
  /** When the pipeline gave up on it (its row's last update). */
  failedAt: Date;
  reason: string;
}

/** How many articles the pipeline gave up on (stage failed), and the most recent of them with why. */
export async function failedArticles(db: Db, recent = 5): Promise<{ total: number; recent: FailedArticle[] }> {
  const [total, rows] = await Promise.all([
    db.article.count({ where: { stage: "failed" } }),
    db.article.findMany({
      where: { stage: "failed" },
      orderBy: { updatedAt: "desc" },
      take: recent,
      select: { id: true, sourceId: true, url: true, updatedAt: true, failedReason: true },
    }),
  ]);
  return {
    total,
    recent: rows.map(({ updatedAt, failedReason, ...row }) => ({
      ...row,
      failedAt: updatedAt,
      reason: failedReason ?? "",
    })),
  };
}

export interface FeedBuildRecord {
  startedAt: Date;
  finishedAt: Date;
  trigger: string;
  feeds: number;
  filesWritten: number;
  filesUnchanged: number;
  error: string | null;
}

export async function recordFeedBuild(db: Db, build: FeedBuildRecord): Promise<void> {
  await db.feedBuild.create({ data: build });
}

export async function lastFeedBuild(db: Db): Promise<FeedBuildRecord | null> {
  return db.feedBuild.findFirst({ orderBy: { startedAt: "desc" }, omit: { id: true } });
}

export interface DigestRecord {
  week: string;
  builtAt: Date;
  storyCount: number;
  /** Deliveries per state (pending, sending, sent, uncertain, failed, suppressed); states with none are absent. */
  deliveries: Record<string, number>;
  lastSentAt: Date | null;
}

/** The newest digest built (by week) and how its deliveries stand; null before the first one. */
export async function lastDigest(db: Db): Promise<DigestRecord | null> {
  const digest = await db.digest.findFirst({
    orderBy: { week: "desc" },
    select: { id: true, week: true, builtAt: true, storyCount: true },
  });
  if (!digest) return null;
  const [states, sent] = await Promise.all([
    db.digestDelivery.groupBy({ by: ["state"], where: { digestId: digest.id }, _count: { _all: true } }),
    db.digestDelivery.aggregate({ where: { digestId: digest.id }, _max: { sentAt: true } }),
  ]);
  return {
    week: digest.week,
    builtAt: digest.builtAt,
    storyCount: digest.storyCount,
    deliveries: Object.fromEntries(states.map((s) => [s.state, s._count._all])),
    lastSentAt: sent._max.sentAt,
  };
}

export type SourceStatusRow = Omit<SourceHealth, "etag" | "lastModified"> & { name: string; enabled: boolean };

/** Every source with its health, enabled ones first. */
export async function sourceStatusRows(db: Db): Promise<SourceStatusRow[]> {
  return db.source.findMany({
    orderBy: [{ enabled: "desc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      enabled: true,
      lastPolledAt: true,
      lastSuccessAt: true,
      consecutiveFailures: true,
      lastError: true,
      pausedAt: true,
      pausedReason: true,
      pollNotBefore: true,
    },
  });
}
