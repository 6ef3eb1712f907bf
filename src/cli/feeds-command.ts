import { createDb } from "../store/client.ts";
import { databaseUrl } from "../store/database-url.ts";
import { checkPostgres } from "../runtime.ts";
import { buildFeedsRecorded } from "../feeds/record-build.ts";
import { publishContext, webSettings } from "../feeds/publish-context.ts";

const USAGE = "usage: silkwire feeds build [--out DIR]\n";

/** `silkwire feeds build`: every configured feed in every format, written atomically to the public directory. */
export async function runFeedsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "build") {
    process.stderr.write(USAGE);
    return 2;
  }
  const outIndex = rest.indexOf("--out");
  const outDir = outIndex >= 0 ? rest[outIndex + 1] : webSettings().publicDir;
  if (!outDir) {
    process.stderr.write(USAGE);
    return 2;
  }
  const db = createDb(databaseUrl());
  try {
    await checkPostgres(db, databaseUrl());
    const context = publishContext(db);
    const started = performance.now();
    const result = await buildFeedsRecorded(context, outDir, "command", printProgress());
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      `${process.stdout.isTTY ? "\r" : ""}${result.feeds} feeds built in ${ms} ms into ${outDir}: ${result.filesWritten} files written, ${result.filesUnchanged} unchanged` +
        ` (select ${result.timings.select} ms, load ${result.timings.load} ms, render ${result.timings.render} ms, write ${result.timings.write} ms)\n`,
    );
    return 0;
  } finally {
    await db.$disconnect();
  }
}

/** Files written so far: one rewritten line in a terminal; when piped, a line every few seconds of a long build
 * (a short one prints only its summary). */
function printProgress(): (done: number, total: number) => void {
  if (process.stdout.isTTY) return (done, total) => process.stdout.write(`\rwriting feeds: ${done}/${total} files`);
  let last = Date.now();
  return (done, total) => {
    if (done === total || Date.now() - last < 2000) return;
    last = Date.now();
    process.stdout.write(`writing feeds: ${done}/${total} files\n`);
  };
}
