import type { Db } from "./client.ts";

export interface FailingSource {
  id: string;
  consecutiveFailures: number;
  lastError: string | null;
  lastSuccessAt: Date | null;
  paused: boolean;
}

/** Enabled sources whose last poll failed or that are paused, worst first: what /health reports. */
export async function failingSources(db: Db): Promise<FailingSource[]> {
  const rows = await db.source.findMany({
    where: { enabled: true, OR: [{ consecutiveFailures: { gt: 0 } }, { pausedAt: { not: null } }] },
    orderBy: [{ consecutiveFailures: "desc" }, { id: "asc" }],
    select: { id: true, consecutiveFailures: true, lastError: true, lastSuccessAt: true, pausedAt: true },
  });
  return rows.map(({ pausedAt, ...row }) => ({ ...row, paused: pausedAt !== null }));
}

/** Every outlet (source) by name, for the filter of the stories page. */
export async function listOutlets(db: Db): Promise<Array<{ id: string; name: string }>> {
  return db.source.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}
