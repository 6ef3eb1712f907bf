import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { ConfigErrors } from "../../src/config/errors.ts";
import { taxonomyPath } from "../../src/config/paths.ts";
import { runCli } from "../helpers/services.ts";

function configDirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "silkwire-config-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const BROKEN_SOURCES = `fetch: { speed: 3 }
sources:
  - { id: ok, name: OK, url: "https://ok.example/feed", type: feed }
  - { id: Bad Id, name: Bad, url: "https://bad.example/feed", type: feed }
`;
const BROKEN_TAXONOMY = `relevance:
  threshold: 7
countries: {}
region: { terms: [central asia] }
entities: {}
topics:
  energy: { terms: gas }
`;

describe("loading the configuration", () => {
  it("reports every problem of sources.yaml and taxonomy.yaml at once, each with its file and line", () => {
    const dir = configDirWith({ "sources.yaml": BROKEN_SOURCES, "taxonomy.yaml": BROKEN_TAXONOMY });
    let error: unknown;
    try {
      loadConfig({ SILKWIRE_CONFIG_DIR: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigErrors);
    const where = (error as ConfigErrors).problems.map((p) => `${path.basename(p.file)}:${p.line}`);
    expect(where).toEqual(["sources.yaml:1", "sources.yaml:4", "taxonomy.yaml:2", "taxonomy.yaml:7"]);
  });

  it("takes the taxonomy from the config directory, else the shipped one, the same way for every command", () => {
    const own = configDirWith({ "taxonomy.yaml": "x" });
    expect(taxonomyPath({ SILKWIRE_CONFIG_DIR: own })).toBe(path.join(own, "taxonomy.yaml"));
    const none = configDirWith({});
    expect(taxonomyPath({ SILKWIRE_CONFIG_DIR: none })).toBe(path.resolve("config/taxonomy.yaml"));
  });

  it("a command refuses a broken configuration with exit code 2 and every problem listed", async () => {
    const dir = configDirWith({ "sources.yaml": BROKEN_SOURCES, "taxonomy.yaml": BROKEN_TAXONOMY });
    const result = await runCli(["worker"], { SILKWIRE_CONFIG_DIR: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/sources\.yaml:1: .*speed/);
    expect(result.stderr).toMatch(/sources\.yaml:4: source "Bad Id"/);
    expect(result.stderr).toMatch(/taxonomy\.yaml:2: relevance\.threshold/);
    expect(result.stderr).toMatch(/taxonomy\.yaml:7: topic "energy"/);
  });

  it("an unknown command is bad input: exit code 2", async () => {
    const result = await runCli(["no-such-command"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "no-such-command"');
  });
});
