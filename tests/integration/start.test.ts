import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server.ts";
import { TEST_REDIS_URL, deleteQueueKeys, spawnCli, uniqueQueuePrefix, waitFor } from "../helpers/services.ts";
import { createDb, type Db } from "../../src/store/client.ts";
import { redisOptions } from "../../src/jobs/connection.ts";

// `silkwire start` as a user runs it: it creates its database, polls on schedule, follows edits to
// sources.yaml, and stops cleanly on Ctrl-C.

const SERVER = "postgresql://postgres@127.0.0.1:5432";
const dbName = `silkwire_start_${randomBytes(4).toString("hex")}`;
const prefix = uniqueQueuePrefix();
let server: FixtureServer;
let configDir: string;
let db: Db;

function feedWithItems(count: number): string {
  const items = Array.from(
    { length: count },
    (_, i) => `<item><title>Story ${i + 1}</title><link>${server.url}/story/${i + 1}</link>
<description>${"Full text of a story about trade between China and Kazakhstan. ".repeat(12)}</description></item>`,
  );
  return `<rss version="2.0"><channel><title>Scheduled</title>${items.join("")}</channel></rss>`;
}

function writeSources(extra = ""): void {
  writeFileSync(
    path.join(configDir, "sources.yaml"),
    `allowPrivateNetworks: true\nfetch: { perHostDelay: 0ms }\nsources:\n  - { id: scheduled, name: Scheduled, url: "${server.url}/feed.xml", type: feed, every: 2s }\n${extra}`,
  );
}

beforeAll(async () => {
  server = await startFixtureServer();
  // Each poll sees one more story than the last: new items appear only if polling really repeats.
  server.routes.set("/feed.xml", {
    handle: (_req, res, hit) =>
      void res.writeHead(200, { "content-type": "application/rss+xml" }).end(feedWithItems(hit)),
  });
  server.routes.set("/second.xml", {
    headers: { "content-type": "application/rss+xml" },
    body: feedWithItems(1).replace(/story\//g, "second/"),
  });
  configDir = mkdtempSync(path.join(tmpdir(), "silkwire-config-"));
  writeSources();
});

afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
  await deleteQueueKeys(prefix);
});

it("creates its database, polls on schedule, follows config edits and shuts down on SIGINT", async () => {
  const env = {
    DATABASE_URL: `${SERVER}/${dbName}`,
    REDIS_URL: TEST_REDIS_URL,
    SILKWIRE_CONFIG_DIR: configDir,
    SILKWIRE_QUEUE_PREFIX: prefix,
    // start also runs the web server: any free port, so parallel runs do not collide on 8080.
    HOST: "127.0.0.1",
    PORT: "0",
    SILKWIRE_MIN_POLL_INTERVAL: "1s", // the 2s schedule below lets the test see polls repeat
    SILKWIRE_PUBLIC_DIR: path.join(configDir, "public"),
  };
  const { child, output: outputSoFar, exited } = spawnCli(["start"], env);
  try {
    db = createDb(env.DATABASE_URL, 2);
    // A poll's row is written after its articles: wait for the rows, then the articles are there too.
    await waitFor(async () => (await db.poll.count({ where: { sourceId: "scheduled", status: "ok" } })) >= 3, 40_000);
    expect(await db.article.count({ where: { sourceId: "scheduled" } })).toBeGreaterThanOrEqual(3);

    writeSources(`  - { id: second, name: Second, url: "${server.url}/second.xml", type: feed, every: 2s }\n`);
    await waitFor(async () => (await db.article.count({ where: { sourceId: "second" } })) === 1, 30_000);

    const queue = new Queue("poll-source", { connection: redisOptions(TEST_REDIS_URL), prefix });
    const schedulers = await queue.getJobSchedulers(0, -1);
    await queue.close();
    expect(schedulers.map((s) => s.key).sort()).toEqual(["source-scheduled", "source-second"]);
  } finally {
    child.kill("SIGINT");
  }
  expect(await exited).toBe(0);
  const output = outputSoFar();
  expect(output).toMatch(/created database silkwire_start_/);
  expect(output).toMatch(/web: listening on http:\/\/127\.0\.0\.1/);
  expect(output).toMatch(/SIGINT: shutting down/);
  expect(output).toMatch(/stopped/);
  const urls = (await db.article.findMany({ select: { url: true } })).map((a) => a.url);
  expect(new Set(urls).size).toBe(urls.length);
}, 120_000);
