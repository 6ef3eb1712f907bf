import type { SourceConfig } from "../model.ts";
import type { Db } from "./client.ts";

export interface SourceHealth {
  id: string;
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  consecutiveFailures: number;
  lastError: string | null;
  pausedAt: Date | null;
  pausedReason: string | null;
  pollNotBefore: Date | null;
}

/** Makes the sources table match the config: rows for every configured source; removed sources are disabled. */
export async function syncSources(db: Db, sources: SourceConfig[]): Promise<void> {
  for (const source of sources) {
    const fields = { name: source.name, url: source.url, type: source.type, enabled: source.enabled };
    await db.source.upsert({ where: { id: source.id }, create: { id: source.id, ...fields }, update: fields });
  }
  await db.source.updateMany({ where: { id: { notIn: sources.map((s) => s.id) } }, data: { enabled: false } });
}

export async function getSourceHealth(db: Db, id: string): Promise<SourceHealth | null> {
  return db.source.findUnique({ where: { id } });
}

export async function listSourceHealth(db: Db): Promise<SourceHealth[]> {
  return db.source.findMany({ orderBy: { id: "asc" } });
}

export async function recordPollSuccess(
  db: Db,
  id: string,
  at: Date,
  cache: { etag?: string | null; lastModified?: string | null; notBefore?: Date | null },
): Promise<void> {
  await db.source.update({
    where: { id },
    data: {
      lastPolledAt: at,
      lastSuccessAt: at,
      consecutiveFailures: 0,
      lastError: null,
      pollNotBefore: cache.notBefore ?? null,
      // Keep the old validators when a 304 or a server without them answers.
      ...(cache.etag ? { etag: cache.etag } : {}),
      ...(cache.lastModified ? { lastModified: cache.lastModified } : {}),
    },
  });
}

/** Counts a failed poll; pauses the source once it reaches `pauseAfter` consecutive failures. */
export async function recordPollFailure(
  db: Db,
  id: string,
  at: Date,
  error: string,
  pauseAfter: number,
  notBefore: Date | null = null,
): Promise<SourceHealth> {
  const updated = await db.source.update({
    where: { id },
    data: { lastPolledAt: at, lastError: error, consecutiveFailures: { increment: 1 }, pollNotBefore: notBefore },
  });
  if (updated.consecutiveFailures < pauseAfter || updated.pausedAt) return updated;
  return db.source.update({
    where: { id },
    data: {
      pausedAt: at,
      pausedReason: `paused after ${updated.consecutiveFailures} consecutive failures; last: ${error}`,
    },
  });
}

export async function resumeSource(db: Db, id: string): Promise<boolean> {
  const result = await db.source.updateMany({
    where: { id },
    data: { pausedAt: null, pausedReason: null, consecutiveFailures: 0 },
  });
  return result.count > 0;
}
