import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server.ts";
import { createTestDatabase, spawnCli, waitFor, type CliProcess, type TestDatabase } from "../helpers/services.ts";

// Redis that loses its data (FLUSHALL here; a restart without persistence in real life) takes the poll schedules
// with it. `silkwire start` re-syncs them every 30 s, so polling resumes by itself. This test runs its own
// redis-server on a spare port: the shared one on 6379 is never flushed.

const PORT = 17_379 + Math.floor(Math.random() * 1000);
const REDIS_URL = `redis://127.0.0.1:${PORT}`;
let redis: ChildProcess | undefined;
let server: FixtureServer;
let database: TestDatabase;
let configDir: string;
let start: CliProcess | undefined;

beforeAll(async () => {
  redis = spawn("redis-server", ["--port", String(PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const probe = new Redis(REDIS_URL, { lazyConnect: true, retryStrategy: (n) => (n > 50 ? null : 100) });
  probe.on("error", () => {}); // refused until the server listens
  await waitFor(async () => (await probe.ping()) === "PONG", 10_000);
  probe.disconnect();
  server = await startFixtureServer();
  // Full text in the feed, so no page is fetched: only polls happen here.
  server.routes.set("/feed.xml", {
    headers: { "content-type": "application/rss+xml" },
    body: `<rss version="2.0"><channel><title>Steady</title><item><title>One</title><link>${server.url}/one</link>
<description>${"Kazakhstan and China signed a trade agreement in Astana. ".repeat(15)}</description></item></channel></rss>`,
  });
  database = await createTestDatabase();
  configDir = mkdtempSync(path.join(tmpdir(), "silkwire-resync-"));
  writeFileSync(
    path.join(configDir, "sources.yaml"),
    `allowPrivateNetworks: true\nsources:\n  - { id: steady, name: Steady, url: "${server.url}/feed.xml", type: feed, every: 2s }\n`,
  );
}, 60_000);

afterAll(async () => {
  start?.child.kill("SIGKILL");
  await start?.exited;
  redis?.kill("SIGKILL");
  await server?.close();
  await database?.drop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

it("polling resumes within a minute after Redis lost every key, without a restart", async () => {
  start = spawnCli(["start"], {
    DATABASE_URL: database.url,
    REDIS_URL,
    SILKWIRE_CONFIG_DIR: configDir,
    SILKWIRE_QUEUE_PREFIX: "resync",
    SILKWIRE_MIN_POLL_INTERVAL: "1s", // a 2s schedule, so polls are seen to stop and resume
    HOST: "127.0.0.1",
    PORT: "0", // start also runs the web server: any free port
  });
  const polls = (since: Date) => database.db.poll.count({ where: { sourceId: "steady", startedAt: { gt: since } } });
  await waitFor(async () => (await polls(new Date(0))) >= 2, 40_000);

  const admin = new Redis(REDIS_URL);
  await admin.flushall();
  const flushedAt = new Date();
  expect(await admin.dbsize()).toBe(0);
  admin.disconnect();

  // Polls started more than a second after the flush can only come from a schedule written again.
  const afterFlush = new Date(flushedAt.getTime() + 1000);
  await waitFor(async () => (await polls(afterFlush)) >= 2, 60_000);
  const first = await database.db.poll.findFirstOrThrow({
    where: { startedAt: { gt: afterFlush } },
    orderBy: { startedAt: "asc" },
  });
  console.log(`polling resumed ${first.startedAt.getTime() - flushedAt.getTime()} ms after FLUSHALL`);
  // Once at start-up, once after the flush.
  expect(start.output().match(/schedules: 1 sources polled on schedule, 1 \(re\)created/g)).toHaveLength(2);
  expect(start.child.exitCode).toBeNull();
}, 120_000);
