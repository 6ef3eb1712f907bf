// The configuration every process runs on, as Postgres keeps it (a database of its own, created and dropped here).
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/services.ts";
import { loadConfig, withVersion, type Config } from "../../src/config/config.ts";
import { ConfigReader, publishConfig } from "../../src/store/config-store.ts";
import { jobDeps, UnknownSourceError } from "../../src/jobs/job-deps.ts";
import { createFetcher } from "../../src/fetch/index.ts";
import type { Queues } from "../../src/jobs/queues.ts";

let test: TestDatabase;
const shipped = loadConfig({ SILKWIRE_CONFIG_DIR: path.resolve("config") });

function withSource(config: Config, id: string): Config {
  const extra = { ...config.sources[0], id, name: id };
  return withVersion({ ...config, sources: [...config.sources, extra] });
}

beforeAll(async () => {
  test = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await test?.drop();
});

it("publishes a configuration once per version and hands every reader the latest", async () => {
  const changes: string[] = [];
  const reader = new ConfigReader(test.db, shipped, { checkEveryMs: 0, onChange: (c) => changes.push(c.version) });
  expect((await reader.latest()).version).toBe(shipped.version); // nothing published yet: its own files

  expect(await publishConfig(test.db, shipped)).toBe(true);
  expect(await publishConfig(test.db, shipped)).toBe(false);
  const edited = withSource(shipped, "added-later");
  expect(edited.version).not.toBe(shipped.version);
  await publishConfig(test.db, edited);

  const latest = await reader.latest();
  expect(latest.version).toBe(edited.version);
  expect(latest.sources.map((s) => s.id)).toContain("added-later");
  expect(latest.taxonomy).toEqual(shipped.taxonomy);
  expect(changes).toEqual([edited.version]);
});

it("refuses a poll of a source not in the configuration with a retryable error, and runs it once published", async () => {
  const base = withSource(shipped, "base");
  await publishConfig(test.db, base);
  const reader = new ConfigReader(test.db, base, { checkEveryMs: 0 });
  const fetcher = createFetcher();
  const deps = jobDeps({ db: test.db, fetcher, queues: {} as Queues, config: () => reader.latest() });
  await expect(deps.source("late")).rejects.toBeInstanceOf(UnknownSourceError);
  await publishConfig(test.db, withSource(base, "late"));
  expect((await deps.source("late")).id).toBe("late");
  await fetcher.close();
});
