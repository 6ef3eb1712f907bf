// The stages the job processors call, bound to this process's connections and to the current configuration.
import type { SourceConfig } from "../model.ts";
import type { Config } from "../config/config.ts";
import type { Db } from "../store/client.ts";
import type { Fetcher } from "../fetch/index.ts";
import { PgCurateStore } from "../store/curation-store.ts";
import { createCurateContext, type CurateContext } from "../curate/curate-context.ts";
import { curateArticle, type CurationObserver } from "../ingest/curate-article.ts";
import { curationRetries, curationsLocked } from "../metrics/registry.ts";
import { reclassifyArticles } from "../ingest/reclassify.ts";
import { buildFeedsRecorded } from "../feeds/record-build.ts";
import { publishingFor, webSettings } from "../feeds/publish-context.ts";
import type { JobDeps } from "./processors.ts";
import type { Queues } from "./queues.ts";
import { instrumentFetcher } from "./instrumented-fetcher.ts";

export interface JobResources {
  db: Db;
  fetcher: Fetcher;
  queues: Queues;
  /**
   * The configuration to run on now; asked before each job, so a changed one applies to the next job. The reader
   * may answer from a copy up to a second old unless `maxAgeMs` asks for a fresher one.
   */
  config: (maxAgeMs?: number) => Promise<Config>;
}

/** A poll of a source this process does not know (yet): retried, never completed as done. */
export class UnknownSourceError extends Error {
  constructor(sourceId: string, config: Config) {
    super(`source "${sourceId}" is not in the configuration (version ${config.version}); will retry`);
    this.name = "UnknownSourceError";
  }
}

/** Counts in /metrics how often parallel curations got in each other's way: the price of more workers. */
export const curationMetrics: CurationObserver = {
  retried: (reason) => curationRetries.inc({ reason }),
  locked: () => curationsLocked.inc(),
};

export function jobDeps(resources: JobResources): JobDeps {
  const { db, queues } = resources;
  const fetcher = instrumentFetcher(resources.fetcher);
  const store = new PgCurateStore(db);
  const derived = derivedOf();
  let last: Config | undefined;
  const current = async (maxAgeMs?: number) => derived((last = await resources.config(maxAgeMs)));
  return {
    db,
    fetcher,
    queues,
    source: async (sourceId) => {
      const known = (await current()).sources.get(sourceId);
      if (known) return known;
      // A poll of a source added a moment ago can arrive before this process's next version check: look again
      // at the stored configuration before calling the source unknown.
      const { config, sources } = await current(0);
      const source = sources.get(sourceId);
      if (!source) throw new UnknownSourceError(sourceId, config);
      return source;
    },
    get pauseAfter() {
      return last?.maxConsecutiveFailures ?? 10;
    },
    curateArticle: async (articleId) => {
      await curateArticle(articleId, store, (await current()).curate(), curationMetrics);
    },
    reclassify: async (since, onProgress) => reclassifyArticles(db, (await current()).curate(), { since, onProgress }),
    // feeds.yaml is read on every rebuild and checked against the current taxonomy and sources.
    publishFeeds: async () => {
      const { config } = await current();
      const publishing = publishingFor(
        config.taxonomy,
        config.sources.map((s) => s.id),
      );
      const { publicUrl, publicDir } = webSettings();
      return buildFeedsRecorded({ db, ...publishing, publicUrl }, publicDir, "rebuild job");
    },
    feedRebuildDelayMs: Number(process.env.SILKWIRE_FEEDS_DELAY_MS) || undefined,
  };
}

interface Derived {
  config: Config;
  sources: ReadonlyMap<string, SourceConfig>;
  /** Built on first use and kept while the taxonomy and story settings stay the same. */
  curate: () => CurateContext;
}

/** What each configuration implies, computed once per configuration rather than once per job. */
function derivedOf(): (config: Config) => Derived {
  let derived: Derived | undefined;
  let context: { key: string; value: CurateContext } | undefined;
  const curateFor = (config: Config) => {
    const key = JSON.stringify([config.taxonomy, config.stories]);
    if (context?.key !== key) context = { key, value: createCurateContext(config.taxonomy, config.stories) };
    return context.value;
  };
  return (config) => {
    if (derived?.config !== config) {
      let curate: CurateContext | undefined;
      const sources = new Map(config.sources.map((s) => [s.id, s]));
      derived = { config, sources, curate: () => (curate ??= curateFor(config)) };
    }
    return derived;
  };
}
