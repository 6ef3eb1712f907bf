import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server.ts";
import {
  PROJECT_ROOT,
  createPipelineSandbox,
  runCli,
  waitFor,
  type PipelineSandbox,
  type TestDatabase,
} from "../helpers/services.ts";
import { ARTICLES, articlePage, rss2Feed } from "../fixtures/news-site.ts";

// A worker killed with SIGKILL while it holds jobs: after a restart every article is stored exactly once and
// every page still gets fetched, whatever stage the dead worker was in.

let server: FixtureServer;
let sandbox: PipelineSandbox;
let database: TestDatabase;
let env: Record<string, string>;
let pagesHang = true;

beforeAll(async () => {
  server = await startFixtureServer();
  server.routes.set("/feed.xml", { headers: { "content-type": "application/rss+xml" }, body: rss2Feed(server.url) });
  for (const a of ARTICLES) {
    server.routes.set(`/news/${a.slug}`, {
      handle: (_req, res) => {
        if (pagesHang) return; // never answers: the worker is killed while waiting
        res.writeHead(200, { "content-type": "text/html" }).end(articlePage(server.url, a));
      },
    });
  }
  sandbox = await createPipelineSandbox(
    `allowPrivateNetworks: true\nfetch: { timeout: 60s, perHostDelay: 0ms, perHostConcurrency: 4 }\nsources:\n  - { id: steppe, name: Steppe, url: "${server.url}/feed.xml", type: feed }\n`,
    { SILKWIRE_JOB_LOCK_MS: "3000" },
  );
  ({ database, env } = sandbox);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await sandbox?.cleanup();
});

it("leaves one copy of each article and finishes the work after a worker is killed mid-job", async () => {
  const worker = spawn(process.execPath, [path.join(PROJECT_ROOT, "src/cli/main.ts"), "worker"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
  try {
    expect((await runCli(["ingest"], env)).code).toBe(0); // queue the poll for the running worker
    const pageRequests = () => server.requests.filter((r) => r.path.startsWith("/news/")).length;
    await waitFor(() => pageRequests() >= ARTICLES.length, 30_000);
  } finally {
    worker.kill("SIGKILL");
  }
  expect(await database.db.article.count()).toBe(ARTICLES.length);
  expect(await database.db.article.count({ where: { stage: "listed" } })).toBe(ARTICLES.length);

  pagesHang = false;
  const rerun = await runCli(["ingest", "--wait"], env, 90_000);
  expect(rerun.stdout, rerun.stderr).toMatch(/1 sources ok, 0 failed/);
  expect(rerun.stdout).toMatch(/0 new articles/);

  const articles = await database.db.article.findMany();
  expect(articles).toHaveLength(ARTICLES.length);
  expect(new Set(articles.map((a) => a.url)).size).toBe(ARTICLES.length);
  expect(articles.map((a) => [a.extractStatus, a.stage])).toEqual(ARTICLES.map(() => ["ok", "curated"]));
  expect(
    articles.filter((a) => a.classifiedAt === null),
    rerun.stdout + rerun.stderr,
  ).toEqual([]);
}, 120_000);
