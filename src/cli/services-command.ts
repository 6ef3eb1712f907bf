import { watch } from "node:fs";
import type { Worker } from "bullmq";
import { loadSourcesConfig, sourcesFilePath } from "../config/sources.ts";
import { ConfigErrors } from "../config/errors.ts";
import { databaseUrl } from "../store/database-url.ts";
import { applyMigrations, ensureDatabase } from "../store/migrate.ts";
import { syncSources } from "../store/sources-store.ts";
import { syncPollSchedules } from "../jobs/scheduler.ts";
import { startWorkers } from "../jobs/workers.ts";
import { openRuntime, ServiceUnavailableError, type Runtime } from "../runtime.ts";
import { jobDeps } from "./job-deps.ts";
import { startWebServer } from "./web-command.ts";
import type { PollJobResult } from "../jobs/processors.ts";

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

export async function runMigrate(): Promise<number> {
  const url = databaseUrl();
  try {
    if (await ensureDatabase(url)) log(`created database ${new URL(url).pathname.slice(1)}`);
  } catch (err) {
    throw new ServiceUnavailableError("Postgres", url, err, "Is it running? Set DATABASE_URL if it is elsewhere.");
  }
  await applyMigrations(url, log);
  log("migrations applied");
  return 0;
}

export async function runStart(): Promise<number> {
  const config = loadSourcesConfig(); // a bad config stops start-up before anything else happens
  await runMigrate();
  const runtime = await openRuntime(process.env, config);
  await syncConfig(runtime);
  const workers = startRoleWorkers(runtime);
  const web = await startWebServer(runtime);
  return untilSignal(runtime, workers, watchConfig(runtime), () => web.close());
}

export async function runWorker(): Promise<number> {
  const runtime = await openRuntime();
  const workers = startRoleWorkers(runtime);
  return untilSignal(runtime, workers);
}

export async function runScheduler(): Promise<number> {
  const runtime = await openRuntime();
  await syncConfig(runtime);
  return untilSignal(runtime, [], watchConfig(runtime));
}

async function syncConfig(runtime: Runtime): Promise<void> {
  await syncSources(runtime.db, runtime.config.sources);
  const { upserted, removed } = await syncPollSchedules(runtime.queues, runtime.config.sources);
  log(`schedules: ${upserted} sources polled on schedule, ${removed} removed (config ${runtime.config.file})`);
}

function startRoleWorkers(runtime: Runtime): Worker[] {
  const workers = startWorkers(jobDeps(runtime), runtime.connection, runtime.settings, undefined, (queue, err) =>
    log(`worker ${queue}: ${err.message}`),
  );
  logPolls(workers.find((w) => w.name === "poll-source")!);
  log(`workers started for ${runtime.config.sources.length} configured sources`);
  return workers;
}

/** One line per poll, so whoever runs the service sees what each source gave or why it failed. */
function logPolls(worker: Worker): void {
  worker.on("completed", (_job, result: PollJobResult) => {
    const detail =
      result.status === "skipped"
        ? `skipped (${result.reason})`
        : `${result.status}, ${result.itemsSeen} items, ${result.newItems} new${describeDropped(result.dropped)}`;
    log(`poll ${result.sourceId}: ${detail}`);
  });
  worker.on("failed", (job, err) => {
    const retry = job && job.attemptsMade < (job.opts.attempts ?? 1) ? " (will retry)" : "";
    log(`poll ${job?.data.sourceId ?? "?"} failed${retry}: ${err.message}`);
  });
}

function describeDropped(dropped: PollJobResult["dropped"]): string {
  if (!dropped?.length) return "";
  const shown = dropped.slice(0, 3).map((d) => `${d.item}: ${d.reason}`);
  return `, ${dropped.length} dropped (${shown.join("; ")}${dropped.length > 3 ? "; …" : ""})`;
}

/** Re-reads sources.yaml when it changes; a file with errors is reported and the running config kept. */
function watchConfig(runtime: Runtime): () => void {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(sourcesFilePath(), () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        runtime.config = { ...loadSourcesConfig(), file: runtime.config.file };
        await syncConfig(runtime);
      } catch (err) {
        log(
          err instanceof ConfigErrors
            ? `config not reloaded:\n${err.message}`
            : `config reload failed: ${(err as Error).message}`,
        );
      }
    }, 500);
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

/** Runs until SIGINT/SIGTERM, then lets workers finish (or release) their jobs before closing connections. */
async function untilSignal(
  runtime: Runtime,
  workers: Worker[],
  stopWatching: () => void = () => {},
  stopServing: () => Promise<unknown> = async () => {},
): Promise<number> {
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  log(`${signal}: shutting down, finishing active jobs`);
  stopWatching();
  await Promise.allSettled([stopServing(), ...workers.map((w) => w.close())]);
  await runtime.close();
  log("stopped");
  return 0;
}
