import type { JobDeps } from "../jobs/processors.ts";
import type { Runtime } from "../runtime.ts";
import { curateStoredArticle } from "../curate/pipeline.ts";

/** The stages the job processors call, bound to this process's connections and config. */
export function jobDeps(runtime: Runtime): JobDeps {
  return {
    db: runtime.db,
    fetcher: runtime.fetcher,
    queues: runtime.queues,
    get sources() {
      return new Map(runtime.config.sources.map((s) => [s.id, s]));
    },
    pauseAfter: runtime.config.maxConsecutiveFailures,
    curateArticle: (articleId) => curateStoredArticle(runtime.db, articleId),
  };
}
