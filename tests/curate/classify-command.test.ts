import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runClassifyCommand } from "../../src/cli/classify-command.ts";
import { SYNDICATED } from "./fixtures/stories.ts";

let stdout: string;
let stderr: string;

beforeEach(() => {
  stdout = "";
  stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation(
    (chunk: string | Uint8Array) => ((stdout += String(chunk)), true),
  );
  vi.spyOn(process.stderr, "write").mockImplementation(
    (chunk: string | Uint8Array) => ((stderr += String(chunk)), true),
  );
});

afterEach(() => vi.restoreAllMocks());

function writeJsonl(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "silkwire-classify-")), "records.jsonl");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

describe("silkwire classify", () => {
  it("prints one JSON line per record with classification and in-file story fields", async () => {
    const file = writeJsonl(
      SYNDICATED.map((a) =>
        JSON.stringify({ id: a.key, title: a.title, text: a.text, url: a.url, date: a.publishedAt }),
      ),
    );
    expect(await runClassifyCommand([file])).toBe(0);
    const rows = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows.map((r) => r.id)).toEqual(SYNDICATED.map((a) => a.key));
    for (const row of rows) {
      expect(Object.keys(row)).toEqual([
        "id",
        "relevant",
        "relevance",
        "topics",
        "countries",
        "entities",
        "evidence",
        "storyId",
        "duplicateOf",
      ]);
      expect(row.relevant).toBe(true);
      expect(row.countries).toEqual(expect.arrayContaining(["CN", "UZ"]));
    }
    expect(new Set(rows.map((r) => r.storyId)).size).toBe(1);
    expect(rows[1].duplicateOf).toBe("wire");
  });

  it("names the file and line of a broken record and exits 2", async () => {
    const file = writeJsonl(['{"id":"a","title":"t","text":"x"}', '{"id":"b","title":"t"']);
    expect(await runClassifyCommand([file])).toBe(2);
    expect(stderr).toContain(`${file}:2: invalid JSON`);
  });

  it("rejects a record without text, naming the field", async () => {
    const file = writeJsonl(['{"id":"a","title":"t"}']);
    expect(await runClassifyCommand([file])).toBe(2);
    expect(stderr).toContain(`${file}:1: field "text" must be a string`);
  });

  it("uses the taxonomy given by --taxonomy and reports its errors with a line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "silkwire-taxonomy-"));
    writeFileSync(join(dir, "taxonomy.yaml"), "relevance:\n  threshold: 2\n");
    const file = writeJsonl(['{"id":"a","title":"t","text":"x"}']);
    expect(await runClassifyCommand([file, "--taxonomy", join(dir, "taxonomy.yaml")])).toBe(2);
    expect(stderr).toMatch(/taxonomy\.yaml:\d+: /);
  });
});
