// /metrics of a worker-only process (METRICS_PORT) after a real small ingest: the counters an operator graphs
// are there, carry the source and queue, and grow when more work is done.
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
import { metricValue } from "../helpers/prometheus-text.ts";
import { ARTICLES, articlePage, rss2Feed } from "../fixtures/news-site.ts";

let server: FixtureServer;
let sandbox: PipelineSandbox;
let worker: CliProcess;
let metricsUrl: string;
let shown = ARTICLES.length - 1;

beforeAll(async () => {
  server = await startFixtureServer();
  // The feed shows one article fewer at first; the second poll finds the last one.
  server.routes.set("/feed.xml", {
    handle: (_req, res) => {
      const full = rss2Feed(server.url);
      const body = shown < ARTICLES.length ? `${full.slice(0, full.lastIndexOf("<item>"))}</channel></rss>` : full;
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(body);
    },
  });
  for (const a of ARTICLES)
    server.routes.set(`/news/${a.slug}`, {
      headers: { "content-type": "text/html" },
      body: articlePage(server.url, a),
    });
  sandbox = await createPipelineSandbox(
    `allowPrivateNetworks: true\nfetch: { perHostDelay: 0ms }\nsources:\n  - { id: steppe, name: Steppe, url: "${server.url}/feed.xml", type: feed }\n`,
  );
  expect((await runCli(["migrate"], sandbox.env)).code).toBe(0);
  worker = spawnCli(["worker"], { ...sandbox.env, METRICS_PORT: "0", METRICS_HOST: "127.0.0.1" });
  metricsUrl = (await worker.waitForOutput(/metrics: listening on (http:\/\/[\d.:]+\/metrics)/))[1];
}, 120_000);

afterAll(async () => {
  worker?.child.kill("SIGTERM");
  await worker?.exited;
  await server?.close();
  await sandbox?.cleanup();
});

async function scrape(): Promise<string> {
  const response = await fetch(metricsUrl);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

async function ingestAndWait(expectedArticles: number): Promise<void> {
  expect((await runCli(["ingest"], sandbox.env)).code).toBe(0);
  const curated = () => sandbox.database.db.article.count({ where: { classifiedAt: { not: null } } });
  await waitFor(async () => (await curated()) === expectedArticles, 60_000);
}

it("counts ingested articles, fetches, bytes, jobs and stories, and the counts grow with the next ingest", async () => {
  await ingestAndWait(ARTICLES.length - 1);
  const first = await scrape();
  expect(metricValue(first, 'silkwire_articles_ingested_total{source="steppe"}')).toBe(ARTICLES.length - 1);
  expect(
    metricValue(first, 'silkwire_fetch_requests_total{source="steppe",kind="feed",outcome="ok",status_class="2xx"}'),
  ).toBe(1);
  expect(
    metricValue(first, 'silkwire_fetch_requests_total{source="steppe",kind="page",outcome="ok",status_class="2xx"}'),
  ).toBe(ARTICLES.length - 1);
  expect(metricValue(first, 'silkwire_fetch_bytes_total{source="steppe"}')).toBeGreaterThan(1000);
  expect(metricValue(first, 'silkwire_fetch_duration_seconds_count{source="steppe",kind="page"}')).toBe(
    ARTICLES.length - 1,
  );
  expect(metricValue(first, 'silkwire_job_duration_seconds_count{queue="curate-article",outcome="completed"}')).toBe(
    ARTICLES.length - 1,
  );
  expect(metricValue(first, 'silkwire_queue_jobs{queue="poll-source",state="waiting"}')).toBe(0);
  expect(metricValue(first, "silkwire_stories_created")).toBeGreaterThanOrEqual(1);
  for (const name of [
    "silkwire_job_retries_total",
    "silkwire_curation_retries_total",
    "silkwire_curations_locked_total",
    "silkwire_feed_builds_total",
    "process_cpu_seconds_total",
    "nodejs_heap_size_used_bytes",
  ])
    expect(first).toContain(`# TYPE ${name} `);

  // Not a TTY here: the worker logs JSON, one line per job, with its source, id, queue, duration and outcome.
  const jobLines = worker
    .output()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.queue);
  const poll = jobLines.find((l) => l.queue === "poll-source")!;
  expect(poll).toMatchObject({ level: 30, sourceId: "steppe", outcome: "completed", newItems: ARTICLES.length - 1 });
  expect(poll.jobId).toMatch(/^poll-steppe-/);
  expect(poll.durationMs).toEqual(expect.any(Number));
  const pages = jobLines.filter((l) => l.queue === "fetch-article");
  expect(pages.map((l) => [l.sourceId, l.outcome, l.status])).toEqual(
    Array(ARTICLES.length - 1).fill(["steppe", "completed", "ok"]),
  );

  shown = ARTICLES.length;
  await ingestAndWait(ARTICLES.length);
  const second = await scrape();
  expect(metricValue(second, 'silkwire_articles_ingested_total{source="steppe"}')).toBe(ARTICLES.length);
  expect(
    metricValue(second, 'silkwire_fetch_requests_total{source="steppe",kind="feed",outcome="ok",status_class="2xx"}'),
  ).toBe(2);
  expect(metricValue(second, 'silkwire_fetch_bytes_total{source="steppe"}')).toBeGreaterThan(
    metricValue(first, 'silkwire_fetch_bytes_total{source="steppe"}')!,
  );
  expect(metricValue(second, 'silkwire_job_duration_seconds_count{queue="curate-article",outcome="completed"}')).toBe(
    ARTICLES.length,
  );
  expect(metricValue(second, "silkwire_stories_created")).toBeGreaterThan(
    metricValue(first, "silkwire_stories_created")!,
  );
}, 180_000);
