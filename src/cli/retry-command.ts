import { parseArgs } from "node:util";
import { articleJobsIn } from "../jobs/article-jobs.ts";
import { handBackGivenUp, stepGivenUpAt } from "../ingest/recover-articles.ts";
import { givenUpArticles } from "../store/articles-store.ts";
import { openRuntime } from "../runtime.ts";
import { oneLine } from "./text-table.ts";

/**
 * `silkwire retry-failed [--source ID]... [--dry-run]`: once the cause is fixed, hands the articles the pipeline
 * gave up on back to it. Their jobs are queued now; a running worker (or the next `ingest --wait`) does them.
 */
export async function runRetryFailedCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { source: { type: "string", multiple: true }, "dry-run": { type: "boolean", default: false } },
  });
  const runtime = await openRuntime();
  try {
    // A source removed from sources.yaml may still have articles stored: any id the database knows is accepted.
    const known = new Set((await runtime.db.source.findMany({ select: { id: true } })).map((s) => s.id));
    const unknown = (values.source ?? []).filter((id) => !known.has(id));
    if (unknown.length) {
      process.stderr.write(
        `silkwire retry-failed: no source with id ${unknown.map((id) => `"${id}"`).join(", ")} in the database\n`,
      );
      return 2;
    }
    if (values["dry-run"]) {
      const articles = await givenUpArticles(runtime.db, values.source);
      for (const a of articles)
        process.stdout.write(`${a.sourceId}\t${stepGivenUpAt(a.reason)}\t${a.url}\t${oneLine(a.reason)}\n`);
      process.stdout.write(`${count(articles.length)} given up on would be handed back (dry run: nothing changed)\n`);
      return 0;
    }
    const handedBack = await handBackGivenUp(runtime.db, articleJobsIn(runtime.queues), values.source);
    const total = handedBack.fetch.length + handedBack.curate.length;
    process.stdout.write(
      total
        ? `handed back ${count(total)}: ${handedBack.fetch.length} to fetch again, ${handedBack.curate.length} to curate again; their jobs are queued\n`
        : "no articles given up on\n",
    );
    return 0;
  } finally {
    await runtime.close();
  }
}

const count = (n: number) => `${n} article${n === 1 ? "" : "s"}`;
