// `sources import` where the config cannot be written (in a container ./config is mounted read-only): a clear
// message and exit 1, never a stack trace, and the merged file can be written elsewhere with --out.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SourcesFileNotWritable } from "../../src/config/sources-file.ts";
import { runCli } from "../helpers/services.ts";

const SOURCES = "# mine\nsources:\n  - { id: known, name: Known, url: https://known.example/rss, type: feed }\n";
const OPML = `<?xml version="1.0"?><opml version="2.0"><head><title>r</title></head><body>
<outline type="rss" text="Steppe Silk" xmlUrl="https://steppe.example/feed.xml"/></body></opml>`;

let dir: string;
let sources: string;
let opml: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "silkwire-import-"));
  mkdirSync(path.join(dir, "config"));
  sources = path.join(dir, "config", "sources.yaml");
  opml = path.join(dir, "feeds.opml");
  writeFileSync(sources, SOURCES);
  writeFileSync(opml, OPML);
  env = { SILKWIRE_CONFIG_DIR: path.join(dir, "config") };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("sources import into a config it cannot write", () => {
  it("says so, exits 1 without a stack trace, and changes nothing", async () => {
    // Root (CI) may write anywhere, so the unwritable target is a path whose parent is a file (ENOTDIR); the
    // read-only mount itself (EROFS) is checked in the container smoke test.
    const blocked = path.join(opml, "sources.yaml");
    const result = await runCli(["sources", "import", opml, "--out", blocked], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`silkwire sources import: cannot write ${blocked} (ENOTDIR)`);
    expect(result.stderr).toContain("Nothing was changed.");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(sources, "utf8")).toBe(SOURCES);
  });

  it("explains a read-only config: run the import on the host, or write elsewhere with --out", () => {
    for (const code of ["EROFS", "EACCES", "EPERM"]) {
      const message = new SourcesFileNotWritable("/app/config/sources.yaml", code, "/app/config/sources.yaml").message;
      expect(message).toContain(`cannot write /app/config/sources.yaml (${code}: read-only for this process)`);
      expect(message).toContain("mounted read-only");
      expect(message).toContain("run the import on the host");
      expect(message).toContain("--out FILE");
    }
  });

  it("writes the merged file to --out and leaves sources.yaml alone", async () => {
    const out = path.join(dir, "merged.yaml");
    const result = await runCli(["sources", "import", opml, "--out", out], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`1 added, 0 skipped, to ${out}`);
    expect(readFileSync(sources, "utf8")).toBe(SOURCES);
    expect(readFileSync(out, "utf8")).toMatch(/^# mine\n[\s\S]*id: steppe-silk/);
  });
});
