// Postgres goes away for longer than the whole retry schedule while fetch and curate jobs are in flight, so those
// jobs use up their retries and fail. When it is back, the recovery sweep of the running `silkwire start` retries
// them: every article ends fetched and curated, without restarting anything, and none of those restarts counts
// toward giving an article up (src/ingest/recover-articles.ts).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Queue } from "bullmq";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server.ts";
import { PROJECT_ROOT, TEST_REDIS_URL, deleteQueueKeys, uniqueQueuePrefix, waitFor } from "../helpers/services.ts";
import { createPrivatePostgres, type PrivatePostgres } from "../helpers/private-postgres.ts";
import { ARTICLES, articlePage } from "../fixtures/news-site.ts";
import { createDb, type Db } from "../../src/store/client.ts";
import { applyMigrations, ensureDatabase } from "../../src/store/migrate.ts";
import { redisOptions } from "../../src/jobs/connection.ts";
import { STORY_LOCK_KEY } from "../../src/store/story-store.ts";
import { isOutageFailure } from "../../src/ingest/outage-errors.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";

const PORT = 25_432 + Math.floor(Math.random() * 1000);
const FULL_TEXT = Array.from({ length: 3 }, (_, i) => ({
  slug: `full-${i}`,
  title: `Tashkent and Beijing sign agreement number ${i} on water and energy cooperation`,
  text: `Uzbekistan and China signed agreement ${i} in Tashkent. `.repeat(20),
}));

let postgres: PrivatePostgres;
let server: FixtureServer;
let db: Db;
let worker: ChildProcess | undefined;
let configDir: string;
const prefix = uniqueQueuePrefix();
let releasePages: () => void;
const pagesReleased = new Promise<void>((resolve) => (releasePages = resolve));

function feed(base: string): string {
  const teasers = ARTICLES.map(
    (a) =>
      `<item><title>${a.title}</title><link>${base}/news/${a.slug}</link><description>Teaser.</description></item>`,
  );
  const full = FULL_TEXT.map(
    (a) =>
      `<item><title>${a.title}</title><link>${base}/full/${a.slug}</link><description><![CDATA[<p>${a.text}</p>]]></description></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${[...teasers, ...full].join("")}</channel></rss>`;
}

beforeAll(async () => {
  postgres = createPrivatePostgres(PORT);
  postgres.start();
  const url = `${postgres.serverUrl}/silkwire_outage`;
  await ensureDatabase(url);
  await applyMigrations(url);
  db = createDb(url, 2);
  server = await startFixtureServer();
  server.routes.set("/feed.xml", { headers: { "content-type": "application/rss+xml" }, body: feed(server.url) });
  for (const a of ARTICLES)
    server.routes.set(`/news/${a.slug}`, {
      // Held until Postgres is down, so storing the page is what fails.
      handle: (_req, res) =>
        void pagesReleased.then(() =>
          res.writeHead(200, { "content-type": "text/html" }).end(articlePage(server.url, a)),
        ),
    });
  configDir = mkdtempSync(path.join(tmpdir(), "silkwire-outage-"));
  writeFileSync(
    path.join(configDir, "sources.yaml"),
    `allowPrivateNetworks: true\nfetch: { timeout: 60s, perHostDelay: 0ms, perHostConcurrency: 8 }\nsources:\n  - { id: steppe, name: Steppe, url: "${server.url}/feed.xml", type: feed, every: 1h }\n`,
  );
}, 120_000);

afterAll(async () => {
  worker?.kill("SIGKILL");
  await db?.$disconnect();
  await server?.close();
  postgres?.destroy();
  await deleteQueueKeys(prefix);
  rmSync(configDir, { recursive: true, force: true });
});

it("finishes every article after Postgres was down for longer than the retry schedule", async () => {
  const env = {
    DATABASE_URL: `${postgres.serverUrl}/silkwire_outage`,
    REDIS_URL: TEST_REDIS_URL,
    SILKWIRE_CONFIG_DIR: configDir,
    SILKWIRE_QUEUE_PREFIX: prefix,
    SILKWIRE_RETRY_DELAY_MS: "100", // retries at +100, +200, +400 ms: all spent within the outage
    SILKWIRE_RECOVERY_EVERY_MS: "2000",
  };
  // Curation of the full-text items waits on the story lock, held here until Postgres goes down.
  const holder = new pg.Client({ connectionString: env.DATABASE_URL });
  holder.on("error", () => {}); // cut by the shutdown, as intended
  await holder.connect();
  await holder.query(`SELECT pg_advisory_lock(${STORY_LOCK_KEY})`);

  worker = spawn(process.execPath, [path.join(PROJECT_ROOT, "src/cli/main.ts"), "start"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
  const waiting = async () =>
    (await holder.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rows[0]
      .n;
  const pageRequests = () => server.requests.filter((r) => r.path.startsWith("/news/")).length;
  await waitFor(async () => pageRequests() === ARTICLES.length && (await waiting()) > 0, 60_000);

  postgres.stop();
  const downAt = Date.now();
  releasePages();
  const queue = (name: string) => new Queue(name, { connection: redisOptions(TEST_REDIS_URL), prefix });
  const [fetchQueue, curateQueue] = [queue("fetch-article"), queue("curate-article")];
  try {
    // Every job that ran into the outage has used up its retries.
    await waitFor(
      async () =>
        (await fetchQueue.getFailedCount()) === ARTICLES.length &&
        (await curateQueue.getFailedCount()) === FULL_TEXT.length,
      60_000,
    );
    const failedJob = (await fetchQueue.getFailed())[0];
    expect(failedJob.attemptsMade).toBe(4);
    // What the recovery sweep reads to tell an outage from an article that fails by itself.
    const reasons = [...(await fetchQueue.getFailed()), ...(await curateQueue.getFailed())].map((j) => j.failedReason);
    expect(reasons.filter((reason) => !isOutageFailure(reason))).toEqual([]);

    postgres.start();
    const upAt = Date.now();
    const total = ARTICLES.length + FULL_TEXT.length;
    await waitFor(async () => (await db.article.count({ where: { stage: "curated" } })) === total, 60_000);
    const articles = await db.article.findMany({ orderBy: { url: "asc" } });
    expect(articles.map((a) => [a.stage, a.extractStatus])).toEqual([
      ...FULL_TEXT.map(() => ["curated", "feed"]),
      ...ARTICLES.map(() => ["curated", "ok"]),
    ]);
    expect(articles.every((a) => a.storyId !== null)).toBe(true);
    expect(articles.map((a) => a.recoveries)).toEqual(articles.map(() => 0));
    expect(worker.exitCode).toBeNull(); // the same process did it all
    process.stdout.write(
      `postgres down ${upAt - downAt} ms; all ${total} articles curated ${Date.now() - upAt} ms after it came back\n`,
    );
  } finally {
    await fetchQueue.close();
    await curateQueue.close();
  }
}, 180_000);
