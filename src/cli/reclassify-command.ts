import { parseArgs } from "node:util";
import { addJobs, closeAll, openQueueEvents } from "../jobs/queues.ts";
import { startWorkers } from "../jobs/workers.ts";
import { workerConcurrency } from "./operator-settings.ts";
import { waitForJob } from "../jobs/ingest-run.ts";
import { publishAndSyncSources } from "../jobs/scheduler.ts";
import { jobDeps } from "../jobs/job-deps.ts";
import { openRuntime } from "../runtime.ts";

/**
 * `silkwire reclassify [--since DATE] [--wait]`: classify and cluster stored articles again after a taxonomy
 * change, as a background job. With --wait the job runs here (or on any worker) and progress is printed.
 */
export async function runReclassifyCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { since: { type: "string" }, wait: { type: "boolean", default: false } },
  });
  const since = values.since ? new Date(values.since) : undefined;
  if (since && Number.isNaN(since.getTime())) {
    process.stderr.write(`silkwire reclassify: --since: not a date: "${values.since}" (use e.g. 2026-11-01)\n`);
    return 2;
  }
  const runtime = await openRuntime();
  try {
    // The taxonomy just edited is published first, so whichever worker takes the job classifies with it.
    await publishAndSyncSources(runtime.db, runtime.config);
    // The events are read from before the job exists, so its ending cannot be missed.
    const events = values.wait
      ? await openQueueEvents(runtime.queues, runtime.connection, runtime.settings)
      : undefined;
    try {
      const jobId = `reclassify-${Date.now().toString(36)}`;
      await addJobs(runtime.queues, "reclassify", [{ jobId, data: { since: since?.toISOString() } }]);
      if (!events) {
        process.stdout.write(
          `queued ${jobId}; a running worker will reclassify${since ? ` articles since ${since.toISOString()}` : " every article"}\n`,
        );
        return 0;
      }
      events.reclassify.on("progress", ({ jobId: id, data }) => {
        const { done, total } = data as { done: number; total: number };
        if (id === jobId) process.stdout.write(`reclassified ${done}/${total}\n`);
      });
      const deps = jobDeps({ ...runtime, config: (maxAgeMs) => runtime.liveConfig.latest(maxAgeMs) });
      const workers = startWorkers(deps, runtime.connection, runtime.settings, workerConcurrency());
      try {
        const { result, error } = await waitForJob<{ articles: number }>(
          runtime.queues.reclassify,
          events.reclassify,
          jobId,
        );
        if (!result) {
          process.stderr.write(
            `silkwire reclassify: ${jobId} failed: ${error ?? "it was removed before it finished"}\n`,
          );
          return 1;
        }
        process.stdout.write(`reclassify: ${result.articles} articles classified and clustered again\n`);
        return 0;
      } finally {
        await closeAll(workers);
      }
    } finally {
      await closeAll(Object.values(events ?? {}));
    }
  } finally {
    await runtime.close();
  }
}
