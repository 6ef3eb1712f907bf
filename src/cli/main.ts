#!/usr/bin/env node
// The one `silkwire` command. Each subcommand lives in its own module; this file only dispatches and turns the
// errors users can fix (bad config, a service that is down) into one clear line instead of a stack trace.
import { ConfigErrors } from "../config/errors.ts";
import { ServiceUnavailableError } from "../runtime.ts";
import { configureLog } from "../log.ts";
import { stopRequested } from "./stop-signal.ts";

type Command = (args: string[]) => Promise<number>;

// Services log to stdout at info; other commands answer on stdout, so their logs (warnings and worse unless
// LOG_LEVEL says otherwise) go to stderr and never mix with tables, summaries or progress.
const SERVICES = new Set(["start", "worker", "scheduler", "migrate", "web"]);
// The long-running ones: they listen for SIGTERM before loading anything (see stop-signal.ts).
const STOPPABLE = new Set(["start", "worker", "scheduler", "web"]);

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  start: {
    summary: "migrate, then run scheduler and workers in one process",
    load: async () => (await import("./services-command.ts")).runStart,
  },
  worker: { summary: "run the queue workers", load: async () => (await import("./services-command.ts")).runWorker },
  scheduler: {
    summary: "keep the poll schedules in step with config/sources.yaml",
    load: async () => (await import("./services-command.ts")).runScheduler,
  },
  migrate: {
    summary: "create the database if needed and apply migrations",
    load: async () => (await import("./services-command.ts")).runMigrate,
  },
  ingest: {
    summary: "poll sources now: ingest [--source ID]... [--wait]",
    load: async () => (await import("./ingest-command.ts")).runIngestCommand,
  },
  export: {
    summary: "export articles [--since DATE] [--format jsonl|csv] [--out FILE]",
    load: async () => (await import("./export-command.ts")).runExportCommand,
  },
  sources: {
    summary: "sources check | import FILE.opml | export [--out FILE] | resume ID",
    load: async () => (await import("./sources-command.ts")).runSourcesCommand,
  },
  extract: {
    summary: "extract FILE_OR_URL [--url URL] | --batch DIR_OR_GLOB --out FILE",
    load: async () => (await import("./extract-command.ts")).runExtractCommand,
  },
  "retry-failed": {
    summary: "retry-failed [--source ID]... [--dry-run]: hand the articles given up on back to the pipeline",
    load: async () => (await import("./retry-command.ts")).runRetryFailedCommand,
  },
  reclassify: {
    summary: "reclassify [--since DATE] [--wait]: classify and cluster stored articles again",
    load: async () => (await import("./reclassify-command.ts")).runReclassifyCommand,
  },
  web: {
    summary: "run the web server: feeds, pages, API, /health (HOST, PORT, PUBLIC_URL)",
    load: async () => (await import("./web-command.ts")).runWebCommand,
  },
  feeds: {
    summary: "feeds build [--out DIR]: write every feed in every format to the public directory",
    load: async () => (await import("./feeds-command.ts")).runFeedsCommand,
  },
  digest: {
    summary: "digest build|send|status [--week 2025-W25] [--dry-run] [--to ADDRESS]: the weekly digest",
    load: async () => (await import("./digest-command.ts")).runDigestCommand,
  },
  status: {
    summary: "status [--json]: sources' health and next poll, queue depths, failed jobs, last feed build and digest",
    load: async () => (await import("./status-command.ts")).runStatusCommand,
  },
  classify: {
    summary: "classify FILE.jsonl: relevance, topics, countries per record",
    load: async () => (await import("./classify-command.ts")).runClassifyCommand,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: silkwire <command> [options]\n\ncommands:\n${lines.join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`silkwire: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (!SERVICES.has(name)) configureLog({ fd: 2, defaultLevel: "warn" });
  if (STOPPABLE.has(name)) void stopRequested();
  return (await command.load())(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const badConfig = err instanceof ConfigErrors;
    if (badConfig) process.stderr.write(`${err.message}\n`);
    else if (err instanceof ServiceUnavailableError) process.stderr.write(`silkwire: ${err.message}\n`);
    else process.stderr.write(`silkwire: ${(err as Error)?.stack ?? err}\n`);
    process.exitCode = badConfig ? 2 : err instanceof ServiceUnavailableError ? 3 : 1;
  },
);
