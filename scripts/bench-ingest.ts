// `npm run bench:ingest`: a burst of new articles from many outlets on several local hosts, ingested end to end by
// 1, 2 and 4 `silkwire worker` processes (fresh database and queues each time), beside a minimal reference on the
// same pages in the same run (scripts/bench/ingest-reference.ts). Reports articles/s, CPU per article of the workers
// (and of Postgres, Redis and the whole machine), the ratio to the reference, peak memory per worker, and that every
// article is stored exactly once. A benchmark, not a test: it needs Postgres and Redis as `npm test` does.
//
//   node scripts/bench-ingest.ts [--articles 5000] [--outlets 50] [--hosts 5] [--workers 1,2,4] [--profile DIR]
//                                [--json FILE] [--keep]
// --keep leaves each run's database in place for a look at what was stored.
// --worker-node-options "..." gives the worker processes V8 flags (compose sets a heap limit; see README).
// --profile runs the workers with `node --cpu-prof` and prints where their time went.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync, createWriteStream } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { Redis } from "ioredis";
import { ensureDatabase, applyMigrations } from "../src/store/migrate.ts";
import { generateCorpus, articlePage, outletFeed, type CorpusArticle } from "./bench/ingest-corpus.ts";
import { machineBusyMs, parentOf, processCpuMs, processMemoryMb, serverTreeCpuMs } from "./bench/proc-usage.ts";
import { summarizeProfiles } from "./bench/cpu-profile-summary.ts";
import { workerConcurrency } from "../src/cli/operator-settings.ts";
import { bcubed, clusterResult } from "./eval/cluster-metrics.ts";

const { values: options } = parseArgs({
  options: {
    articles: { type: "string", default: "5000" },
    outlets: { type: "string", default: "50" },
    hosts: { type: "string", default: "5" },
    workers: { type: "string", default: "1,2,4" },
    profile: { type: "string" },
    json: { type: "string" },
    "timeout-s": { type: "string", default: "1800" },
    keep: { type: "boolean", default: false },
    // As docker-compose.yml gives its workers; pass --worker-node-options= for Node's defaults.
    "worker-node-options": { type: "string", default: "--max-old-space-size=224 --max-semi-space-size=4" },
  },
});
const ARTICLES = Number(options.articles);
const OUTLETS = Number(options.outlets);
const HOSTS = Number(options.hosts);
const WORKER_COUNTS = options.workers.split(",").map(Number);
const PG_BASE = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const runTag = randomBytes(3).toString("hex");
const progress = (line: string) => process.stderr.write(`${line}\n`);

// --- the outlets: one HTTP server per local host (127.0.0.1, .2, ...), each serving its outlets' feeds and pages

const corpus = generateCorpus(ARTICLES, OUTLETS);
const byOutlet = Array.from({ length: OUTLETS }, (_, o) => corpus.articles.filter((a) => a.outlet === o));
const outletName = (o: number) => `Outlet ${o}`;
const pages = new Map<string, Buffer>();
const feeds = new Map<string, Buffer>();

async function serveHost(host: number): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const body = pages.get(req.url ?? "") ?? feeds.get(req.url ?? "");
    if (!body) return void res.writeHead(404).end();
    const type = req.url?.endsWith(".xml") ? "application/rss+xml; charset=utf-8" : "text/html; charset=utf-8";
    res.writeHead(200, { "content-type": type, "content-length": body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, `127.0.0.${host + 1}`, resolve));
  const { address, port } = server.address() as AddressInfo;
  return { server, base: `http://${address}:${port}` };
}

const hosts = await Promise.all(Array.from({ length: HOSTS }, (_, h) => serveHost(h)));
const outletBase = (o: number) => `${hosts[o % HOSTS].base}/o${o}`;
const articleUrl = (a: CorpusArticle) => `${outletBase(a.outlet)}/a/${a.slug}.html`;
for (let o = 0; o < OUTLETS; o++) {
  const articles = byOutlet[o];
  const pathOf = (suffix: string) => `/o${o}${suffix}`;
  feeds.set(pathOf("/feed.xml"), Buffer.from(outletFeed(outletName(o), outletBase(o), articles)));
  articles.forEach((a, i) => {
    const related = [1, 2, 3].map((k) => articles[(i + k) % articles.length]);
    pages.set(pathOf(`/a/${a.slug}.html`), Buffer.from(articlePage(outletName(o), a, related)));
  });
}
const pageBytes = [...pages.values()].reduce((sum, b) => sum + b.length, 0);
progress(
  `bench:ingest: ${corpus.articles.length} articles from ${OUTLETS} outlets on ${HOSTS} hosts ` +
    `(${new Set(corpus.articles.map((a) => a.event)).size} events; pages ${(pageBytes / corpus.articles.length / 1024).toFixed(1)} KB on average)`,
);

// --- shared helpers

async function freshDatabase(name: string): Promise<string> {
  const url = `${PG_BASE}/${name}`;
  await ensureDatabase(url);
  return url;
}

async function dropDatabase(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
}

/** The pids whose CPU is Postgres's and Redis's (the postmaster, found as a backend's parent). */
async function serverPids(client: pg.Client, redis: Redis): Promise<{ postgres: number; redis: number }> {
  const { rows } = await client.query(`SELECT pg_backend_pid() AS pid`);
  const postmaster = parentOf(Number(rows[0].pid)) ?? 0;
  const info = await redis.info("server");
  return { postgres: postmaster, redis: Number(/process_id:(\d+)/.exec(info)?.[1] ?? 0) };
}

function childDone(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

// --- the reference: undici fetch + INSERT, then our extractor, in a child process of its own

async function runReference() {
  const url = await freshDatabase(`silkwire_bench_ref_${runTag}`);
  const dir = mkdtempSync(path.join(tmpdir(), "silkwire-bench-ref-"));
  const urlsFile = path.join(dir, "urls.json");
  writeFileSync(urlsFile, JSON.stringify(corpus.articles.map(articleUrl)));
  const child = spawn(process.execPath, ["scripts/bench/ingest-reference.ts", urlsFile, url], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  const code = await childDone(child);
  await dropDatabase(url);
  if (code !== 0) throw new Error(`reference exited with ${code}`);
  return JSON.parse(out.trim()) as {
    pages: number;
    stored: number;
    fetchInsertCpuMs: number;
    extractCpuMs: number;
    fetchInsertWallMs: number;
    peakRssMb: number;
  };
}

// --- Silkwire with N worker processes

function sourcesYaml(): string {
  const sources = Array.from(
    { length: OUTLETS },
    (_, o) => `  - { id: o${o}, name: "${outletName(o)}", url: "${outletBase(o)}/feed.xml", type: feed }`,
  );
  // Politeness off: the benchmark measures our work, not the waits we owe real outlets.
  return `allowPrivateNetworks: true\nfetch:\n  perHostDelay: "0ms"\n  perHostConcurrency: 16\nsources:\n${sources.join("\n")}\n`;
}

async function startWorker(env: NodeJS.ProcessEnv, logFile: string, profileDir?: string): Promise<ChildProcess> {
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, "src/cli/main.ts", "worker"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(logFile);
  child.stderr!.pipe(log);
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      log.write(chunk);
      if (seen !== "ready") {
        seen += chunk.toString();
        if (seen.includes("workers started")) {
          seen = "ready";
          resolve();
        }
      }
    });
    child.once("exit", (code) => reject(new Error(`worker exited with ${code} before it started; see ${logFile}`)));
  });
  return child;
}

interface WorkerRun {
  workers: number;
  seconds: number;
  firstArticleSeconds: number;
  articlesPerSecond: number;
  stored: number;
  distinctUrls: number;
  curated: number;
  failed: number;
  stories: number;
  /** B³ F1 of the stories against the corpus's events: all articles, and the China-related ones. */
  storyF1: { all: number; related: number };
  workerCpuMs: number;
  postgresCpuMs: number;
  redisCpuMs: number;
  machineCpuMs: number;
  peakRssMb: number[];
  timedOut: boolean;
  /** Curation rounds run again because a parallel curation interfered, and curations that ended under the lock. */
  curationRounds: { retried: number; locked: number };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The workers' silkwire_curation_retries_total and silkwire_curations_locked_total, summed. */
async function curationRoundsOf(ports: number[]): Promise<{ retried: number; locked: number }> {
  let retried = 0;
  let locked = 0;
  for (const port of ports) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const line of text.split("\n")) {
      const value = Number(line.split(" ").at(-1));
      if (line.startsWith("silkwire_curation_retries_total")) retried += value;
      else if (line.startsWith("silkwire_curations_locked_total")) locked += value;
    }
  }
  return { retried, locked };
}

async function runWorkers(count: number): Promise<WorkerRun> {
  const name = `silkwire_bench_${runTag}_w${count}`;
  const url = await freshDatabase(name);
  await applyMigrations(url);
  const configDir = mkdtempSync(path.join(tmpdir(), "silkwire-bench-config-"));
  writeFileSync(path.join(configDir, "sources.yaml"), sourcesYaml());
  const prefix = `bench-${runTag}-w${count}`;
  const env = {
    ...process.env,
    DATABASE_URL: url,
    REDIS_URL,
    SILKWIRE_CONFIG_DIR: configDir,
    SILKWIRE_QUEUE_PREFIX: prefix,
    SILKWIRE_PUBLIC_DIR: mkdtempSync(path.join(tmpdir(), "silkwire-bench-public-")),
    // The workers' V8 flags, as docker-compose.yml gives them (--worker-node-options); not the benchmark's own.
    NODE_OPTIONS: options["worker-node-options"],
    // As docker-compose.yml gives its workers; set MALLOC_ARENA_MAX in the environment to compare.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
  };
  const logDir = mkdtempSync(path.join(tmpdir(), "silkwire-bench-logs-"));
  const profileDir = options.profile ? path.join(options.profile, `w${count}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  // Each worker serves /metrics on a port of its own, read at the end for its curation retries.
  const metricsPorts = await Promise.all(Array.from({ length: count }, freePort));
  const workers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      startWorker({ ...env, METRICS_PORT: String(metricsPorts[i]) }, path.join(logDir, `worker-${i}.log`), profileDir),
    ),
  );
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const redis = new Redis(REDIS_URL);
  const servers = await serverPids(client, redis);
  const cpu = () => ({
    workers: workers.reduce((sum, w) => sum + processCpuMs(w.pid!), 0),
    postgres: serverTreeCpuMs(servers.postgres),
    redis: processCpuMs(servers.redis),
    machine: machineBusyMs(),
  });

  const before = cpu();
  const started = performance.now();
  const trigger = spawn(process.execPath, ["src/cli/main.ts", "ingest"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  let firstArticle = 0;
  let timedOut = false;
  let lastLine = 0;
  for (;;) {
    // Counting reads the whole Article table: five times a second it was 8% of Postgres' time in a 5,000-article
    // run, counted as the workers' cost. Once the first article is in, once a second is enough.
    await new Promise((resolve) => setTimeout(resolve, firstArticle ? 1000 : 200));
    const { rows } = await client.query(
      `SELECT count(*)::int AS stored, count(*) FILTER (WHERE stage = 'curated')::int AS curated FROM "Article"`,
    );
    const { stored, curated } = rows[0];
    if (!firstArticle && stored > 0) firstArticle = performance.now() - started;
    if (performance.now() - lastLine > 5000) {
      lastLine = performance.now();
      progress(
        `  ${count} worker(s): ${stored} stored, ${curated} curated after ${((lastLine - started) / 1000).toFixed(0)} s`,
      );
    }
    if (curated >= corpus.articles.length) break;
    if (performance.now() - started > Number(options["timeout-s"]) * 1000) {
      timedOut = true;
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const after = cpu();
  const peakRssMb = workers.map((w) => processMemoryMb(w.pid!).peak);
  const curationRounds = await curationRoundsOf(metricsPorts);
  await childDone(trigger);

  const { rows } = await client.query(`
    SELECT (SELECT count(*)::int FROM "Article") AS stored,
           (SELECT count(DISTINCT url)::int FROM "Article") AS "distinctUrls",
           (SELECT count(*)::int FROM "Article" WHERE stage = 'curated') AS curated,
           (SELECT count(*)::int FROM "Article" WHERE stage = 'failed' OR "extractError" IS NOT NULL) AS failed,
           (SELECT count(*)::int FROM "Story") AS stories`);
  const storyF1 = await storiesAgainstEvents(client);
  await client.end();
  for (const w of workers) w.kill("SIGTERM");
  await Promise.all(workers.map(childDone));
  // The queues' keys of this run go with it.
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  await redis.quit();
  if (options.keep) progress(`  kept the database ${url}`);
  else await dropDatabase(url);
  return {
    workers: count,
    seconds,
    firstArticleSeconds: firstArticle / 1000,
    articlesPerSecond: rows[0].curated / seconds,
    ...rows[0],
    storyF1,
    workerCpuMs: after.workers - before.workers,
    postgresCpuMs: after.postgres - before.postgres,
    redisCpuMs: after.redis - before.redis,
    machineCpuMs: after.machine - before.machine,
    peakRssMb,
    timedOut,
    curationRounds,
  };
}

/**
 * How well the stories match the corpus's events (B³ F1): a faster curation must not buy its speed with worse
 * stories. Scored over all articles and over the China-related ones alone.
 */
async function storiesAgainstEvents(client: pg.Client): Promise<{ all: number; related: number }> {
  const { rows } = await client.query<{ url: string; story: string }>(
    `SELECT url, coalesce("storyId"::text, id::text) AS story FROM "Article"`,
  );
  const storyOf = new Map(rows.map((r) => [r.url, r.story]));
  const score = (articles: CorpusArticle[]) => {
    const stored = articles.filter((a) => storyOf.has(articleUrl(a)));
    const gold = stored.map((a) => String(a.event));
    return bcubed(
      clusterResult(
        gold,
        stored.map((a) => storyOf.get(articleUrl(a)) as string),
      ),
    ).f1;
  };
  return { all: score(corpus.articles), related: score(corpus.articles.filter((a) => a.relevant)) };
}

// --- the run and its report

progress("reference: undici fetch + INSERT, then extraction ...");
const reference = await runReference();
const referenceMs = (reference.fetchInsertCpuMs + reference.extractCpuMs) / reference.pages;
progress(
  `reference: ${reference.stored}/${reference.pages} stored; CPU per article ${referenceMs.toFixed(2)} ms ` +
    `(fetch+insert ${(reference.fetchInsertCpuMs / reference.pages).toFixed(2)}, extract ${(reference.extractCpuMs / reference.pages).toFixed(2)})`,
);
const runs: WorkerRun[] = [];
for (const count of WORKER_COUNTS) {
  progress(`silkwire with ${count} worker process(es) ...`);
  runs.push(await runWorkers(count));
}
for (const { server } of hosts) server.close();

const perArticle = (ms: number, run: WorkerRun) => ms / Math.max(1, run.curated);
const rows = runs.map((r) => ({
  workers: r.workers,
  "articles/s": r.articlesPerSecond.toFixed(1),
  "wall s": r.seconds.toFixed(1),
  "first article s": r.firstArticleSeconds.toFixed(1),
  "worker CPU ms/article": perArticle(r.workerCpuMs, r).toFixed(2),
  "ratio (reference/worker CPU)": (referenceMs / perArticle(r.workerCpuMs, r)).toFixed(3),
  "postgres CPU ms/article": perArticle(r.postgresCpuMs, r).toFixed(2),
  "redis CPU ms/article": perArticle(r.redisCpuMs, r).toFixed(2),
  "machine CPU ms/article": perArticle(r.machineCpuMs, r).toFixed(2),
  "peak RSS MB per worker": r.peakRssMb.map((m) => m.toFixed(0)).join("/"),
  "stored (distinct URLs)": `${r.stored} (${r.distinctUrls})${r.timedOut ? " TIMED OUT" : ""}`,
  stories: r.stories,
  "story B3 F1 (China-related)": `${r.storyF1.all.toFixed(3)} (${r.storyF1.related.toFixed(3)})`,
  "curations retried / locked": `${r.curationRounds.retried} / ${r.curationRounds.locked}`,
  failed: r.failed,
}));
console.log(
  `\nbench:ingest, ${corpus.articles.length} articles, ${OUTLETS} outlets, ${HOSTS} hosts; reference CPU ${referenceMs.toFixed(2)} ms/article ` +
    `(fetch+insert ${(reference.fetchInsertCpuMs / reference.pages).toFixed(2)}, extract ${(reference.extractCpuMs / reference.pages).toFixed(2)}; peak ${reference.peakRssMb.toFixed(0)} MB); ` +
    `${workerConcurrency().curate} curation(s) at once per worker (SILKWIRE_CURATE_CONCURRENCY)`,
);
console.table(rows);
const everyOnce = runs.every((r) => r.stored === corpus.articles.length && r.distinctUrls === r.stored);
console.log(
  everyOnce ? "every article stored exactly once in every run" : "NOT every article stored exactly once: see the table",
);

if (options.profile) {
  for (const count of WORKER_COUNTS) {
    const dir = path.join(options.profile, `w${count}`);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => path.join(dir, f));
    if (!files.length) continue;
    const summary = summarizeProfiles(files);
    console.log(`\nprofile, ${count} worker(s): ${(summary.totalMs / 1000).toFixed(1)} s sampled (idle excluded)`);
    for (const [part, ms] of summary.byPart)
      console.log(`  ${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)}%  ${part}`);
    console.log("  top functions (self time):");
    for (const [fn, ms] of summary.byFunction.slice(0, 15))
      console.log(`  ${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)}%  ${fn}`);
  }
}
if (options.json) writeFileSync(options.json, JSON.stringify({ reference, runs }, null, 2));
process.exitCode = everyOnce ? 0 : 1;
