import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import type { Writable } from "node:stream";
import { checkPostgres } from "../runtime.ts";
import { createDb } from "../store/client.ts";
import { databaseUrl } from "../store/database-url.ts";
import { streamArticleRecords, EXPORT_FIELDS, type ExportRecord } from "../store/export-store.ts";

/** `silkwire export articles [--since DATE] [--format jsonl|csv] [--out FILE]`: one record per stored article. */
export async function runExportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { since: { type: "string" }, format: { type: "string", default: "jsonl" }, out: { type: "string" } },
  });
  if (positionals[0] !== "articles")
    return fail("usage: silkwire export articles [--since DATE] [--format jsonl|csv] [--out FILE]");
  if (values.format !== "jsonl" && values.format !== "csv")
    return fail(`--format must be jsonl or csv, not "${values.format}"`);
  const since = values.since ? new Date(values.since) : undefined;
  if (since && Number.isNaN(since.getTime()))
    return fail(`--since: not a date: "${values.since}" (use e.g. 2026-11-01)`);
  const db = createDb(databaseUrl(), 2);
  await checkPostgres(db, databaseUrl());
  const out: Writable = values.out ? createWriteStream(values.out) : process.stdout;
  try {
    let count = 0;
    if (values.format === "csv") await write(out, `${EXPORT_FIELDS.join(",")}\n`);
    for await (const record of streamArticleRecords(db, since)) {
      await write(out, values.format === "csv" ? toCsvRow(record) : `${JSON.stringify(record)}\n`);
      count++;
    }
    process.stderr.write(`exported ${count} articles\n`);
    return 0;
  } finally {
    if (values.out) await new Promise((resolve) => out.end(resolve));
    await db.$disconnect();
  }
}

function toCsvRow(record: ExportRecord): string {
  return `${EXPORT_FIELDS.map((field) => csvCell(record[field])).join(",")}\n`;
}

// OWASP "CSV injection": a spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(…), +cmd…).
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = Array.isArray(value)
    ? value.join(";")
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);
  // A leading ' makes the cell text, and the quotes keep the cell whole whatever follows.
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\n\r\t']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, "drain");
}

function fail(message: string): number {
  process.stderr.write(`silkwire export: ${message}\n`);
  return 2;
}
