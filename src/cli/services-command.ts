import type { Worker } from "bullmq";
import { loadConfig, type Config } from "../config/config.ts";
import { databaseUrl } from "../store/database-url.ts";
import { applyMigrations, ensureDatabase } from "../store/migrate.ts";
import { keepInStep } from "../jobs/scheduler.ts";
import { jobDeps } from "../jobs/job-deps.ts";
import { startWorkers, type WorkerConcurrency } from "../jobs/workers.ts";
import { workerConcurrency } from "./operator-settings.ts";
import { shutdownGraceMs, stopWorkers } from "../jobs/shutdown.ts";
import {
  openRuntime,
  retryWhileUnavailable,
  ServiceUnavailableError,
  startupWaitMs,
  type Runtime,
} from "../runtime.ts";
import { log as logger } from "../log.ts";
import { serveWorkerMetrics } from "./metrics-listener.ts";
import { closeSharedExtractor } from "../ingest/fetch-article.ts";
import { CLOSING_MS, exitIfStillStoppingAfter, serviceRunning, stopRequested } from "./stop-signal.ts";

// The web server's modules (Fastify, Bull Board, templates) are loaded by `start` only: a worker-only process
// keeps that memory for its jobs.
const webServer = () => import("./web-command.ts");

const log = (line: string) => logger.info(line);

export async function runMigrate(): Promise<number> {
  const url = databaseUrl();
  const created = await retryWhileUnavailable(async () => {
    try {
      return await ensureDatabase(url);
    } catch (err) {
      throw new ServiceUnavailableError("Postgres", url, err, "Is it running? Set DATABASE_URL if it is elsewhere.");
    }
  }, startupWaitMs());
  if (created) log(`created database ${new URL(url).pathname.slice(1)}`);
  await applyMigrationsPatiently(url, startupWaitMs());
  log("migrations applied");
  return 0;
}

/**
 * A deploy can also fail on a database that has only just started, or on a machine too busy to connect in time
 * (seen in the container smoke test as the adapter's bare "External error"). It is idempotent, so within the
 * start-up wait it is tried again; after it (or without one) the deploy's own error and output stand.
 */
async function applyMigrationsPatiently(url: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await applyMigrations(url, log);
    } catch (err) {
      const left = deadline - Date.now();
      if (left <= 0) throw err;
      const reason = String((err as Error).message)
        .trim()
        .split("\n")
        .at(-1);
      logger.warn(`migrate deploy failed (${reason}); trying again (start-up wait: ${Math.ceil(left / 1000)} s more)`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(3000, left)));
    }
  }
}

export async function runStart(): Promise<number> {
  const config = loadConfig(); // a bad config stops start-up before anything else happens
  const concurrency = workerConcurrency(); // and so does a bad setting
  await runMigrate();
  const runtime = await openRuntime(process.env, config, logConfigChange);
  const sync = keepConfigInStep(runtime);
  await sync.done;
  serviceRunning();
  const workers = startRoleWorkers(runtime, concurrency);
  workers.push(await startDigest(runtime, { schedule: true }));
  const web = await (await webServer()).startWebServer(runtime);
  return untilSignal(runtime, workers, sync.stop, () => web.close());
}

export async function runWorker(): Promise<number> {
  const concurrency = workerConcurrency(); // a bad setting stops start-up before anything connects
  const runtime = await openRuntime(process.env, undefined, logConfigChange);
  serviceRunning();
  const workers = startRoleWorkers(runtime, concurrency);
  workers.push(await startDigest(runtime, { schedule: false }));
  const stopMetrics = await serveWorkerMetrics(runtime);
  return untilSignal(runtime, workers, undefined, stopMetrics);
}

export async function runScheduler(): Promise<number> {
  const runtime = await openRuntime();
  const sync = keepConfigInStep(runtime);
  await sync.done;
  await (await import("./digest-jobs.ts")).syncDigestJob(runtime, log);
  const stopMetrics = await serveWorkerMetrics(runtime);
  serviceRunning();
  return untilSignal(runtime, [], sync.stop, stopMetrics);
}

function keepConfigInStep(runtime: Runtime): { done: Promise<void>; stop: () => void } {
  return keepInStep(runtime.config, {
    db: runtime.db,
    queues: runtime.queues,
    load: () => loadConfig(),
    onLoad: (config) => (runtime.config = config),
    log,
    recoveryEveryMs: runtime.settings.recoveryEveryMs,
  });
}

/**
 * The weekly digest's worker (and, for `start`, its schedule), loaded after the pipeline's workers run: the mail
 * and template libraries take a moment to load, and the first polls must not wait for them.
 */
async function startDigest(runtime: Runtime, { schedule }: { schedule: boolean }): Promise<Worker> {
  const { startDigestJobWorker, syncDigestJob } = await import("./digest-jobs.ts");
  if (schedule) await syncDigestJob(runtime, log);
  return startDigestJobWorker(runtime, log);
}

function logConfigChange(config: Config): void {
  log(`config: now on version ${config.version} (${config.sources.length} sources, taxonomy ${config.taxonomyFile})`);
}

function startRoleWorkers(runtime: Runtime, concurrency: WorkerConcurrency): Worker[] {
  const deps = jobDeps({ ...runtime, config: (maxAgeMs) => runtime.liveConfig.latest(maxAgeMs) });
  const workers = startWorkers(deps, runtime.connection, runtime.settings, concurrency, (queue, err) =>
    logger.error({ queue, err: err.message }, `worker ${queue}: ${err.message}`),
  );
  log(`workers started (config version ${runtime.config.version})`);
  return workers;
}

/**
 * Runs until SIGINT/SIGTERM (one that came while the workers started counts too), then lets workers finish (or
 * release) their jobs before closing connections.
 */
async function untilSignal(
  runtime: Runtime,
  workers: Worker[],
  stopWatching: () => void = () => {},
  stopServing: () => Promise<unknown> = async () => {},
): Promise<number> {
  const signal = await stopRequested();
  log(`${signal}: shutting down, finishing active jobs`);
  const graceMs = shutdownGraceMs();
  exitIfStillStoppingAfter(graceMs + CLOSING_MS);
  stopWatching();
  const [, stopped] = await Promise.allSettled([stopServing(), stopWorkers(workers, graceMs)]);
  await closeSharedExtractor();
  if (stopped.status === "fulfilled" && !stopped.value.finished) {
    // The handed-back jobs' own calls still hold sockets (a stalled fetch): exit without waiting for them.
    log(`stopped: ${stopped.value.handedBack} jobs still running after the grace period handed back to their queues`);
    process.exit(0);
  }
  await runtime.close();
  log("stopped");
  return 0;
}
