import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { JobDeps } from "../jobs/processors.ts";
import type { Runtime } from "../runtime.ts";
import { configDir } from "../config/sources.ts";
import { createCurateContext, type CurateContext } from "../curate/curate-context.ts";
import { loadTaxonomyFile } from "../curate/taxonomy-loader.ts";
import { assignArticleToStory, reclassifyArticles } from "../store/story-writes.ts";

const SHIPPED_CONFIG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../config");

/** taxonomy.yaml from the config directory, or the one shipped with Silkwire when the directory has none. */
export function taxonomyPath(env: NodeJS.ProcessEnv = process.env): string {
  const own = path.join(configDir(env), "taxonomy.yaml");
  return existsSync(own) ? own : path.join(SHIPPED_CONFIG, "taxonomy.yaml");
}

/**
 * The stages the job processors call, bound to this process's connections and config. The taxonomy is loaded
 * here, at start, so a broken taxonomy.yaml stops start-up with its file and line rather than failing jobs.
 */
export function jobDeps(runtime: Runtime): JobDeps {
  const load = () => createCurateContext(loadTaxonomyFile(taxonomyPath()), runtime.config.stories);
  let context: CurateContext | undefined = load();
  const curateContext = () => (context ??= load());
  // The config is replaced when sources.yaml is reloaded; the source map follows it, built once per config.
  const sourceMaps = new WeakMap<Runtime["config"], Map<string, Runtime["config"]["sources"][number]>>();
  return {
    db: runtime.db,
    fetcher: runtime.fetcher,
    queues: runtime.queues,
    get sources() {
      let map = sourceMaps.get(runtime.config);
      if (!map) sourceMaps.set(runtime.config, (map = new Map(runtime.config.sources.map((s) => [s.id, s]))));
      return map;
    },
    get pauseAfter() {
      return runtime.config.maxConsecutiveFailures;
    },
    curateArticle: async (articleId) => {
      await assignArticleToStory(runtime.db, articleId, curateContext());
    },
    // A fresh context: reclassifying is what a user does after editing the taxonomy.
    reclassify: (since, onProgress) => {
      context = undefined;
      return reclassifyArticles(runtime.db, curateContext(), { since, onProgress });
    },
  };
}
