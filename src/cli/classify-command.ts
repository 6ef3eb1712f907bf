// `silkwire classify FILE.jsonl [--taxonomy PATH]`: classification and story grouping of a file of records
// ({id, title, text, url?, date?}), one JSON line out per record, with no database.
import { readFileSync } from "node:fs";
import { ConfigErrors } from "../config/errors.ts";
import { taxonomyPath } from "../config/paths.ts";
import { loadTaxonomyFile } from "../config/taxonomy-file.ts";
import { createCurateContext } from "../curate/curate-context.ts";
import type { ArticleRecord } from "../curate/article-record.ts";
import { curateRecords } from "../ingest/curate-records.ts";

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
  let taxonomy = taxonomyPath();
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
    // Bad input (the record file or the taxonomy) is exit code 2, as for every command.
    if (error instanceof RecordFileError || error instanceof ConfigErrors) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      process.stderr.write(`${file}: no such file\n`);
      return 2;
    }
    throw error;
  }
}
