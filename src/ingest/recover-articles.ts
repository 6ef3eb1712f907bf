// The recovery sweep: articles whose pipeline stopped (a worker died between two stages, or a job used up its
// retries while Postgres was down) are found here and handed back to the job layer, a bounded batch at a time.
import type { Db } from "../store/client.ts";
import { takeUnfinishedArticles } from "../store/articles-store.ts";

/** Per source and sweep: a few minutes of work for the workers, however large a backlog grew. */
export const RECOVERY_PER_SOURCE = 500;

export interface ArticlesToRecover {
  /** Article ids whose page is still to be fetched. */
  toFetch: string[];
  /** Article ids whose text is complete but that are not curated. */
  toCurate: string[];
}

export async function findArticlesToRecover(
  db: Db,
  sourceIds?: string[],
  now = new Date(),
): Promise<ArticlesToRecover> {
  const rows = await takeUnfinishedArticles(db, { perSource: RECOVERY_PER_SOURCE, sourceIds, now });
  return {
    toFetch: rows.filter((r) => r.stage === "listed").map((r) => r.id),
    toCurate: rows.filter((r) => r.stage === "fetched").map((r) => r.id),
  };
}
