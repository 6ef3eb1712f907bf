// SIGTERM to a worker busy with page fetches from a server that stalls: it stops taking jobs at once, waits its
// grace period, hands the running jobs back to their queue and exits in bounded time; another worker then does
// the work, and every article is stored once with its full text.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server.ts";
import {
  createPipelineSandbox,
  runCli,
  spawnCli,
  waitFor,
  type CliProcess,
  type PipelineSandbox,
} from "../helpers/services.ts";
import { ARTICLES, articlePage, rss2Feed } from "../fixtures/news-site.ts";

const GRACE_MS = 4000;
let server: FixtureServer;
let sandbox: PipelineSandbox;
let pagesStall = true;
const workers: CliProcess[] = [];

beforeAll(async () => {
  server = await startFixtureServer();
  server.routes.set("/feed.xml", { headers: { "content-type": "application/rss+xml" }, body: rss2Feed(server.url) });
  for (const a of ARTICLES)
    server.routes.set(`/news/${a.slug}`, {
      handle: (_req, res) => {
        if (pagesStall) return; // holds the connection open: the fetch waits until its 60 s deadline
        res.writeHead(200, { "content-type": "text/html" }).end(articlePage(server.url, a));
      },
    });
  sandbox = await createPipelineSandbox(
    `allowPrivateNetworks: true\nfetch: { timeout: 60s, perHostDelay: 0ms, perHostConcurrency: 4 }\nsources:\n` +
      `  - { id: steppe, name: Steppe, url: "${server.url}/feed.xml", type: feed }\n`,
    { SILKWIRE_SHUTDOWN_GRACE_MS: String(GRACE_MS) },
  );
  expect((await runCli(["migrate"], sandbox.env)).code).toBe(0);
}, 120_000);

afterAll(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await server?.close();
  await sandbox?.cleanup();
});

const feedHits = () => server.hits.get("/feed.xml") ?? 0;
const pageRequests = () => server.requests.filter((r) => r.path.startsWith("/news/")).length;

it("stops taking jobs, hands back the stalled ones within its grace period, and another worker finishes them", async () => {
  const busy = spawnCli(["worker"], sandbox.env);
  workers.push(busy);
  await busy.waitForOutput(/workers started/);
  expect((await runCli(["ingest"], sandbox.env)).code).toBe(0);
  await waitFor(() => pageRequests() >= ARTICLES.length, 30_000); // every page fetch is now stalled in `busy`

  const signalled = Date.now();
  busy.child.kill("SIGTERM");
  await busy.waitForOutput(/SIGTERM: shutting down/, 10_000);
  // A poll queued while the worker winds down is not taken by it.
  expect((await runCli(["ingest"], sandbox.env)).code).toBe(0);
  expect(await busy.exited).toBe(0);
  const exitMs = Date.now() - signalled;
  expect(exitMs).toBeGreaterThanOrEqual(GRACE_MS - 500); // it did wait for its jobs first
  expect(exitMs).toBeLessThan(45_000);
  expect(busy.output()).toMatch(/stopped: 3 jobs still running after the grace period handed back/);
  expect(feedHits()).toBe(1);
  expect(await sandbox.database.db.article.count({ where: { extractStatus: { not: "pending" } } })).toBe(0);

  pagesStall = false;
  const next = spawnCli(["worker"], sandbox.env);
  workers.push(next);
  const db = sandbox.database.db;
  await waitFor(
    async () => (await db.article.count({ where: { classifiedAt: { not: null } } })) === ARTICLES.length,
    60_000,
  );
  await waitFor(() => feedHits() === 2, 30_000); // the poll queued during shutdown ran on the new worker
  const articles = await db.article.findMany();
  expect(articles).toHaveLength(ARTICLES.length);
  expect(articles.map((a) => a.extractStatus)).toEqual(ARTICLES.map(() => "ok"));
  next.child.kill("SIGTERM");
  expect(await next.exited).toBe(0);
}, 180_000);
