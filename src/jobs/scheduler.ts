// Keeps Postgres and Redis in step with the config files: the published configuration, the sources table and one
// BullMQ job scheduler per enabled source. Run by `start` and `scheduler` on every file change and every 30 s, so
// a lost schedule (Redis restarted empty, FLUSHALL) comes back without a restart.
import { watch } from "node:fs";
import type { SourceConfig } from "../model.ts";
import { ConfigErrors } from "../config/errors.ts";
import { configDir } from "../config/paths.ts";
import type { Config } from "../config/config.ts";
import type { Db } from "../store/client.ts";
import { publishConfig, storedConfigVersion } from "../store/config-store.ts";
import { syncSources } from "../store/sources-store.ts";
import type { Queues } from "./queues.ts";
import { scheduleRecovery } from "./recovery-schedule.ts";

export const SCHEDULER_PREFIX = "source-";
export const RESYNC_EVERY_MS = 30_000;

/**
 * One BullMQ job scheduler per enabled source. Only missing or changed schedulers are written, so running this
 * often costs one read of the scheduler list; schedulers of sources that left the config (or were disabled) are
 * removed.
 */
export async function syncPollSchedules(
  queues: Queues,
  sources: SourceConfig[],
): Promise<{ scheduled: number; upserted: number; removed: number }> {
  const queue = queues["poll-source"];
  const wanted = sources.filter((s) => s.enabled);
  const existing = new Map((await queue.getJobSchedulers(0, -1)).map((s) => [s.key, Number(s.every)]));
  let upserted = 0;
  for (const source of wanted) {
    const id = `${SCHEDULER_PREFIX}${source.id}`;
    if (existing.get(id) === source.everyMs) continue;
    await queue.upsertJobScheduler(
      id,
      { every: source.everyMs },
      { name: "poll-source", data: { sourceId: source.id, force: false } },
    );
    upserted++;
  }
  const keep = new Set(wanted.map((s) => `${SCHEDULER_PREFIX}${s.id}`));
  let removed = 0;
  for (const id of existing.keys()) {
    if (id.startsWith(SCHEDULER_PREFIX) && !keep.has(id) && (await queue.removeJobScheduler(id))) removed++;
  }
  return { scheduled: wanted.length, upserted, removed };
}

/**
 * Makes the sources table match the configuration, then publishes it for every process (in this order: a worker
 * that sees a new source finds its row). Returns whether anything changed.
 */
export async function publishAndSyncSources(db: Db, config: Config): Promise<boolean> {
  if ((await storedConfigVersion(db)) === config.version) return false;
  await syncSources(db, config.sources);
  return publishConfig(db, config);
}

export interface KeepInStepOptions {
  db: Db;
  queues: Queues;
  /** Reads and validates the files (throws ConfigErrors). */
  load: () => Config;
  /** Called with each configuration that was loaded. */
  onLoad: (config: Config) => void;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  everyMs?: number;
  /** Interval of the recovery sweep (recovery-schedule.ts), kept in step like the poll schedules. */
  recoveryEveryMs?: number;
}

/**
 * Reloads the files when they change and every `everyMs`; publishes a changed configuration and repairs the
 * schedules. `done` settles with the first sync (its failure stops start-up); later failures are logged and the
 * next run tries again.
 */
export function keepInStep(initial: Config, options: KeepInStepOptions): { done: Promise<void>; stop: () => void } {
  const sync = configSync(initial, options);
  const first = sync(false);
  let running = first.catch(() => {});
  const report = (err: unknown) => options.log(`config sync failed: ${(err as Error).message}`);
  const again = () => (running = running.then(() => sync(true)).catch(report));
  const stopWatching = watchConfigDir(configDir(options.env), again);
  const timer = setInterval(again, options.everyMs ?? RESYNC_EVERY_MS);
  return {
    done: first,
    stop: () => {
      clearInterval(timer);
      stopWatching();
    },
  };
}

/** One sync: reload (a file with errors is reported once per distinct set of errors, the last good one kept). */
function configSync(initial: Config, options: KeepInStepOptions): (reload: boolean) => Promise<void> {
  let config = initial;
  let reported = "";
  return async (reload) => {
    try {
      if (reload) config = options.load();
      reported = "";
    } catch (err) {
      if (!(err instanceof ConfigErrors)) throw err;
      if (err.message !== reported) options.log(`config not reloaded:\n${(reported = err.message)}`);
    }
    options.onLoad(config);
    if (await publishAndSyncSources(options.db, config))
      options.log(`config: published version ${config.version} (${config.sources.length} sources)`);
    const { scheduled, upserted, removed } = await syncPollSchedules(options.queues, config.sources);
    if (upserted || removed)
      options.log(`schedules: ${scheduled} sources polled on schedule, ${upserted} (re)created, ${removed} removed`);
    await scheduleRecovery(options.queues, options.recoveryEveryMs);
  };
}

// The directory, not the files: editors replace a file on save, and a new taxonomy.yaml may appear in it.
function watchConfigDir(dir: string, onChange: () => void): () => void {
  let debounce: NodeJS.Timeout | undefined;
  const watcher = watch(dir, (_event, name) => {
    if (name && !/^(sources|taxonomy)\.yaml$/.test(String(name))) return;
    clearTimeout(debounce);
    debounce = setTimeout(onChange, 300);
  });
  return () => {
    clearTimeout(debounce);
    watcher.close();
  };
}
