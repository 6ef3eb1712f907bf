// Every stored article (or those since a date) through curation again, after a taxonomy change.
import type { Db } from "../store/client.ts";
import { articleIdsAfter, countArticlesSince } from "../store/story-store.ts";
import { PgCurateStore } from "../store/curation-store.ts";
import type { CurateContext } from "../curate/curate-context.ts";
import { curateArticle } from "./curate-article.ts";

export interface ReclassifyOptions {
  /** Only articles published (or, undated, fetched) at or after this time. */
  since?: Date;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/** Stories grow, merge or split here as the new taxonomy and settings decide; ids stay stable (story-writes.ts). */
export async function reclassifyArticles(
  db: Db,
  context: CurateContext,
  options: ReclassifyOptions = {},
): Promise<number> {
  const store = new PgCurateStore(db);
  const total = await countArticlesSince(db, options.since);
  let done = 0;
  let cursor: string | undefined;
  for (;;) {
    const ids = await articleIdsAfter(db, options.since, cursor, options.batchSize ?? 200);
    if (!ids.length) return done;
    for (const id of ids) await curateArticle(id, store, context);
    done += ids.length;
    cursor = ids[ids.length - 1];
    await options.onProgress?.(done, total);
  }
}
