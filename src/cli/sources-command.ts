import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigErrors } from "../config/errors.ts";
import { formatInterval } from "../config/interval.ts";
import { appendFeedsToSourcesFile, SourcesFileNotWritable } from "../config/sources-file.ts";
import { loadSourcesConfig } from "../config/sources.ts";
import { sourcesFilePath } from "../config/paths.ts";
import { parseOpml, renderOpml } from "../config/opml.ts";
import { createDb } from "../store/client.ts";
import { databaseUrl } from "../store/database-url.ts";
import { listSourceHealth, resumeSource, type SourceHealth } from "../store/sources-store.ts";
import { table } from "./text-table.ts";

const USAGE = "usage: silkwire sources check | import FILE.opml [--out FILE] | export [--out FILE] | resume ID";

export async function runSourcesCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === "check") return check();
  if (action === "import") return importOpml(rest);
  if (action === "export") return exportOpml(rest);
  if (action === "resume") return resume(rest[0]);
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

/** Prints the parsed sources with their health, or every problem in the file. Exit 2 when the file is invalid. */
async function check(): Promise<number> {
  const file = sourcesFilePath();
  let config;
  try {
    config = loadSourcesConfig(file);
  } catch (err) {
    if (!(err instanceof ConfigErrors)) throw err;
    process.stdout.write(`${file}: ${err.problems.length} problem(s)\n${err.message}\n`);
    return 2;
  }
  const health = await readHealth();
  const rows = config.sources.map((s) => [
    s.id,
    s.type,
    formatInterval(s.everyMs),
    s.enabled ? "yes" : "no",
    s.fullText ? "yes" : "auto/no",
    describeHealth(health?.get(s.id), s.url),
    s.url,
  ]);
  process.stdout.write(table(["id", "type", "every", "enabled", "fullText", "health", "url"], rows));
  process.stdout.write(
    `\n${config.sources.length} sources in ${file}, no problems` +
      `${config.allowPrivateNetworks ? "; private networks ALLOWED" : ""}${health ? "" : "; health unknown (database not reachable)"}\n`,
  );
  return 0;
}

async function readHealth(): Promise<Map<string, SourceHealth> | undefined> {
  const db = createDb(databaseUrl(), 1);
  try {
    return new Map((await listSourceHealth(db)).map((h) => [h.id, h]));
  } catch {
    return undefined; // the table is still useful without health
  } finally {
    await db.$disconnect();
  }
}

function describeHealth(h: SourceHealth | undefined, url: string): string {
  if (!h) return "never polled";
  if (h.pausedAt) return `PAUSED: ${h.pausedReason ?? ""}`;
  // Errors start with the URL, which the table shows in its own column.
  if (h.consecutiveFailures)
    return `failing x${h.consecutiveFailures}: ${(h.lastError ?? "").replace(`${url}: `, "").slice(0, 80)}`;
  return h.lastSuccessAt ? `ok ${h.lastSuccessAt.toISOString().slice(0, 16)}Z` : "never polled";
}

/** Appends the OPML file's feeds to sources.yaml, or writes the merged file to --out (the config may be read-only). */
async function importOpml(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: "string" } } });
  const opmlFile = positionals[0];
  if (!opmlFile || positionals.length > 1) return usageError();
  let feeds;
  try {
    feeds = parseOpml(readFileSync(opmlFile, "utf8"));
  } catch (err) {
    process.stderr.write(`silkwire sources import: ${opmlFile}: ${(err as Error).message}\n`);
    return 2;
  }
  const target = values.out ?? sourcesFilePath();
  let result;
  try {
    result = appendFeedsToSourcesFile(sourcesFilePath(), feeds, target);
  } catch (err) {
    if (!(err instanceof SourcesFileNotWritable)) throw err;
    process.stderr.write(`silkwire sources import: ${err.message}\n`);
    return 1;
  }
  for (const a of result.added) process.stdout.write(`added ${a.id}  ${a.url}\n`);
  for (const s of result.skipped) process.stdout.write(`skipped ${s.url}: ${s.reason}\n`);
  process.stdout.write(`${result.added.length} added, ${result.skipped.length} skipped, to ${target}\n`);
  return 0;
}

async function exportOpml(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: "string" } } });
  const opml = renderOpml(loadSourcesConfig().sources);
  if (values.out) writeFileSync(values.out, opml);
  else process.stdout.write(opml);
  return 0;
}

async function resume(id: string | undefined): Promise<number> {
  if (!id) return usageError();
  const db = createDb(databaseUrl(), 1);
  try {
    const found = await resumeSource(db, id);
    process.stdout.write(found ? `resumed ${id}\n` : `no source "${id}" in the database\n`);
    return found ? 0 : 1;
  } finally {
    await db.$disconnect();
  }
}

function usageError(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}
