import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server.ts";
import {
  TEST_REDIS_URL,
  createTestDatabase,
  deleteQueueKeys,
  spawnCli,
  uniqueQueuePrefix,
  waitFor,
  type CliProcess,
  type TestDatabase,
} from "../helpers/services.ts";
import { redisOptions } from "../../src/jobs/connection.ts";

// `silkwire start` and a separate `silkwire worker`, as in the compose file. The worker reads a config directory
// of its own that is never edited: everything it knows about the edit it can only have from Postgres.

const TAXONOMY = path.resolve("tests/integration/fixtures/taxonomy-before.yaml");
const prefix = uniqueQueuePrefix();
let server: FixtureServer;
let database: TestDatabase;
let startDir: string;
let workerDir: string;
const processes: CliProcess[] = [];

const TEXT = "Kazakhstan and China discussed trade and cotton exports in Astana on Tuesday, officials said. ";

function feed(name: string, count: number): string {
  const items = Array.from(
    { length: count },
    (_, i) => `<item><title>${name} story ${i + 1}: Kazakhstan, China and cotton</title>
<link>${server.url}/${name}/${i + 1}</link><description>${TEXT.repeat(10)}</description></item>`,
  );
  return `<rss version="2.0"><channel><title>${name}</title>${items.join("")}</channel></rss>`;
}

function sourcesYaml(extra = "", userAgent = "Silkwire-test/1"): string {
  return `allowPrivateNetworks: true
fetch: { perHostDelay: 0ms, userAgent: ${userAgent} }
sources:
  - { id: first, name: First, url: "${server.url}/first.xml", type: feed, every: 2s }
${extra}`;
}

beforeAll(async () => {
  server = await startFixtureServer();
  // Each poll of a feed shows one more item: new articles keep coming, so curate jobs keep coming too.
  for (const name of ["first", "second"])
    server.routes.set(`/${name}.xml`, {
      handle: (_req, res, hit) =>
        void res.writeHead(200, { "content-type": "application/rss+xml" }).end(feed(name, hit)),
    });
  database = await createTestDatabase();
  startDir = mkdtempSync(path.join(tmpdir(), "silkwire-live-start-"));
  workerDir = mkdtempSync(path.join(tmpdir(), "silkwire-live-worker-"));
  for (const dir of [startDir, workerDir]) {
    writeFileSync(path.join(dir, "sources.yaml"), sourcesYaml());
    copyFileSync(TAXONOMY, path.join(dir, "taxonomy.yaml"));
  }
}, 60_000);

afterAll(async () => {
  for (const p of processes) p.child.kill("SIGKILL");
  await Promise.all(processes.map((p) => p.exited));
  await server?.close();
  await database?.drop();
  await deleteQueueKeys(prefix);
  for (const dir of [startDir, workerDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const envFor = (dir: string) => ({
  DATABASE_URL: database.url,
  REDIS_URL: TEST_REDIS_URL,
  SILKWIRE_CONFIG_DIR: dir,
  SILKWIRE_QUEUE_PREFIX: prefix,
  SILKWIRE_RETRY_DELAY_MS: "200",
  SILKWIRE_MIN_POLL_INTERVAL: "1s", // the 2s schedules below keep new articles coming
  // start also runs the web server: any free port, so parallel runs do not collide on 8080.
  HOST: "127.0.0.1",
  PORT: "0",
});

/** Curate jobs the given process completed, with the topics their article was given. */
async function curatedBy(pid: number): Promise<Array<{ sourceId: string; topics: string[] }>> {
  const queue = new Queue("curate-article", { connection: redisOptions(TEST_REDIS_URL), prefix });
  try {
    const jobs = (await queue.getCompleted(0, -1)).filter((j) => j.processedBy === `${hostname()}:${pid}`);
    const ids = jobs.map((j) => j.data.articleId as string);
    return database.db.article.findMany({ where: { id: { in: ids } }, select: { sourceId: true, topics: true } });
  } finally {
    await queue.close();
  }
}

it("a separate worker polls a source added later and classifies with the edited taxonomy, without a restart", async () => {
  const start = spawnCli(["start"], envFor(startDir));
  const worker = spawnCli(["worker"], envFor(workerDir));
  processes.push(start, worker);
  await waitFor(() => /workers started/.test(worker.output()), 30_000);
  await waitFor(async () => (await database.db.article.count({ where: { classifiedAt: { not: null } } })) >= 2, 40_000);

  const editedAt = Date.now();
  writeFileSync(
    path.join(startDir, "taxonomy.yaml"),
    `${readFileSync(TAXONOMY, "utf8")}  textiles:\n    terms: [cotton]\n`,
  );
  writeFileSync(
    path.join(startDir, "sources.yaml"),
    sourcesYaml(`  - { id: second, name: Second, url: "${server.url}/second.xml", type: feed, every: 2s }\n`, "UA-2"),
  );

  // The worker itself polls the new source: its own log (a JSON line per job) says so.
  await waitFor(
    () => /"queue":"poll-source",[^\n]*"sourceId":"second",[^\n]*"status":"ok"/.test(worker.output()),
    40_000,
  );
  // And curates with the new topic, which only the edited taxonomy has. Either source's articles will do: each
  // process curates one article at a time, and which one takes a job is BullMQ's choice (in practice, not the
  // process that polled it).
  await waitFor(async () => (await curatedBy(worker.child.pid!)).some((a) => a.topics.includes("textiles")), 40_000);
  expect(worker.output()).not.toMatch(/not in the configuration|"reason":"not in the config"/);
  // Fetch settings follow too: every request for the new feed carries the edited User-Agent.
  const secondRequests = server.requests.filter((r) => r.path === "/second.xml");
  expect(secondRequests.length).toBeGreaterThan(0);
  expect(new Set(secondRequests.map((r) => r.headers["user-agent"]))).toEqual(new Set(["UA-2"]));

  const published = /config: published version (\w+) \(2 sources\)/.exec(start.output())?.[1];
  const seenLine = worker
    .output()
    .split("\n")
    .find((line) => line.includes(`config: now on version ${published}`));
  expect(seenLine).toBeDefined();
  const seenAfterMs = Date.parse(JSON.parse(seenLine!).time) - editedAt;
  console.log(`the separate worker ran on the edited configuration ${seenAfterMs} ms after the files were written`);
  expect(worker.child.exitCode).toBeNull(); // never restarted
}, 150_000);
