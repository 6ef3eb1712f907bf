import { parseArgs } from "node:util";
import { publishAndSyncSources } from "../jobs/scheduler.ts";
import { jobDeps } from "../jobs/job-deps.ts";
import { startWorkers } from "../jobs/workers.ts";
import { workerConcurrency } from "./operator-settings.ts";
import { enqueuePolls, enqueueRecovery, waitForIngest, type IngestProgress } from "../jobs/ingest-run.ts";
import { closeAll, openQueueEvents } from "../jobs/queues.ts";
import { openRuntime } from "../runtime.ts";

/**
 * `silkwire ingest [--source ID]... [--wait]`: polls now. With --wait it also runs workers in this process and
 * returns when every job the polls caused has finished, so it works whether or not a worker is running elsewhere.
 */
export async function runIngestCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { source: { type: "string", multiple: true }, wait: { type: "boolean", default: false } },
  });
  const runtime = await openRuntime();
  try {
    const configured = runtime.config.sources;
    const unknown = (values.source ?? []).filter((id) => !configured.some((s) => s.id === id));
    if (unknown.length) {
      process.stderr.write(
        `silkwire ingest: no source with id ${unknown.map((id) => `"${id}"`).join(", ")} in ${runtime.config.file}\n`,
      );
      return 2;
    }
    const ids = values.source ?? configured.filter((s) => s.enabled).map((s) => s.id);
    // What this command read is what every worker polls with: it is published like `start` publishes it.
    await publishAndSyncSources(runtime.db, runtime.config);
    // The events are read from before the jobs exist, so none of their endings can be missed.
    const events = values.wait
      ? await openQueueEvents(runtime.queues, runtime.connection, runtime.settings)
      : undefined;
    try {
      const runId = Date.now().toString(36);
      const polls = await enqueuePolls(runtime.queues, ids, runId);
      const recovery = await enqueueRecovery(runtime.queues, ids, runId);
      if (!events) {
        process.stdout.write(`queued ${polls.length} polls; running workers will process them\n`);
        return 0;
      }
      const deps = jobDeps({ ...runtime, config: (maxAgeMs) => runtime.liveConfig.latest(maxAgeMs) });
      const workers = startWorkers(deps, runtime.connection, runtime.settings, workerConcurrency());
      try {
        const summary = await waitForIngest(runtime.queues, events, polls, printProgress(), [recovery]);
        process.stdout.write(
          `\ningest: ${summary.sourcesOk} sources ok, ${summary.sourcesFailed} failed, ${summary.sourcesSkipped} skipped; ` +
            `${summary.newArticles} new articles; ${summary.articleJobs} article jobs (${summary.articleJobsFailed} failed)\n`,
        );
        for (const failure of summary.failures) process.stdout.write(`  ${failure.sourceId}: ${failure.error}\n`);
        return summary.sourcesFailed > 0 ? 1 : 0;
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

function printProgress(): (p: IngestProgress) => void {
  const interactive = process.stdout.isTTY;
  let last = 0;
  return (p) => {
    const now = Date.now();
    const done = p.sourcesDone === p.sourcesTotal && p.jobsDone === p.jobsTotal;
    if (!done && now - last < (interactive ? 200 : 2000)) return;
    last = now;
    const line = `sources ${p.sourcesDone}/${p.sourcesTotal}, article jobs ${p.jobsDone}/${p.jobsTotal}`;
    process.stdout.write(interactive ? `\r${line}` : `${line}\n`);
  };
}
