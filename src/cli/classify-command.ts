// `silkwire classify FILE.jsonl [--taxonomy PATH]`: classification and story grouping of a file of records
// ({id, title, text, url?, date?}), one JSON line out per record, with no database.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadTaxonomyFile } from "../curate/taxonomy-loader.ts";
import { TaxonomyError } from "../curate/taxonomy.ts";
import { createCurateContext } from "../curate/curate-context.ts";
import { curateRecords } from "../curate/curate-records.ts";
import type { ArticleRecord } from "../curate/curate-records.ts";

const USAGE = "usage: silkwire classify FILE.jsonl [--taxonomy PATH]";

export class RecordFileError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = "RecordFileError";
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value : undefined;
}

function recordOf(value: unknown, file: string, line: number): ArticleRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new RecordFileError(file, line, "expected a JSON object");
  const raw = value as Record<string, unknown>;
  const id = typeof raw.id === "number" ? String(raw.id) : raw.id;
  if (typeof id !== "string" || !id) throw new RecordFileError(file, line, 'field "id" must be a non-empty string');
  for (const field of ["title", "text"]) {
    if (typeof raw[field] !== "string") throw new RecordFileError(file, line, `field "${field}" must be a string`);
  }
  return {
    id,
    title: raw.title as string,
    text: raw.text as string,
    url: optionalString(raw.url),
    date: optionalString(raw.date),
  };
}

export function readRecordFile(file: string): ArticleRecord[] {
  const records: ArticleRecord[] = [];
  const seen = new Set<string>();
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, index) => {
      if (!text.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new RecordFileError(file, index + 1, `invalid JSON: ${(error as Error).message}`);
      }
      const record = recordOf(value, file, index + 1);
      if (seen.has(record.id)) throw new RecordFileError(file, index + 1, `duplicate id "${record.id}"`);
      seen.add(record.id);
      records.push(record);
    });
  return records;
}

function parseArgs(args: string[]): { file?: string; taxonomy: string } {
  let file: string | undefined;
  let taxonomy = join(process.env.SILKWIRE_CONFIG_DIR ?? "config", "taxonomy.yaml");
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--taxonomy") taxonomy = args[++i] ?? "";
    else if (args[i].startsWith("--taxonomy=")) taxonomy = args[i].slice("--taxonomy=".length);
    else if (!file) file = args[i];
  }
  return { file, taxonomy };
}

export async function runClassifyCommand(args: string[]): Promise<number> {
  const { file, taxonomy } = parseArgs(args);
  if (!file || !taxonomy) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const context = createCurateContext(loadTaxonomyFile(taxonomy));
    const records = readRecordFile(file);
    for (const result of await curateRecords(records, context)) {
      const { id, relevant, relevance, topics, countries, entities, evidence, storyId, duplicateOf } = result;
      process.stdout.write(
        `${JSON.stringify({ id, relevant, relevance, topics, countries, entities, evidence, storyId, duplicateOf })}\n`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof RecordFileError || error instanceof TaxonomyError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      process.stderr.write(`${file}: no such file\n`);
      return 1;
    }
    throw error;
  }
}
