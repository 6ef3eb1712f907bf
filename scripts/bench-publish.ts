// Publishing benchmark (a script, not a test): N stories stored (default 10,000), `silkwire feeds build` of all
// default feeds timed, then `silkwire web` and nginx serving the same built file under wrk, for 200 and 304.
// Usage: node scripts/bench-publish.ts [N=10000] [--duration 10s] [--connections 32]
// Needs Postgres and Redis as for npm test, and Debian's wrk and nginx (apt-get install -y wrk nginx-light).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  createTestDatabase,
  PROJECT_ROOT,
  runCli,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
} from "../tests/helpers/services.ts";
import type { Db } from "../src/store/client.ts";
import type { Prisma } from "../src/store/generated/client.ts";
import { loadTaxonomyFile } from "../src/config/taxonomy-file.ts";

const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const duration =
  args[args.indexOf("--duration") + 1] && args.includes("--duration") ? args[args.indexOf("--duration") + 1] : "10s";
const run = promisify(execFile);
const taxonomy = loadTaxonomyFile(path.join(PROJECT_ROOT, "config/taxonomy.yaml"));
const TOPICS = taxonomy.topics.map((t) => t.id);
const COUNTRIES = taxonomy.countries.map((c) => c.code);
const OUTLETS = Array.from({ length: 40 }, (_, i) => ({ id: `outlet-${i}`, name: `Outlet ${i}` }));

const paragraph = (i: number, p: number) =>
  `<p>Report ${i}, paragraph ${p}: ${1000 + ((i * 37 + p * 11) % 9000)} tonnes of cargo crossed the border at Khorgos on day ${(i % 28) + 1}, officials in Astana and Beijing said.</p>`;

/** Stories of one to four copies each, a day's worth every 300 stories, written with createMany in batches. */
async function seed(db: Db): Promise<void> {
  await db.source.createMany({
    data: OUTLETS.map((o) => ({ ...o, url: `https://${o.id}.example/feed`, type: "feed" })),
  });
  for (let start = 0; start < count; start += 1000) {
    const stories: Prisma.StoryCreateManyInput[] = [];
    const articles: Prisma.ArticleCreateManyInput[] = [];
    for (let i = start; i < Math.min(start + 1000, count); i++) {
      const id = randomUUID();
      const published = new Date(Date.UTC(2026, 10, 30) - Math.floor(i / 300) * 86_400_000 - (i % 300) * 240_000);
      const copies = 1 + (i % 4);
      const ids = Array.from({ length: copies }, () => randomUUID());
      const topics = [TOPICS[i % TOPICS.length], TOPICS[(i * 3) % TOPICS.length]];
      const countries = ["CN", COUNTRIES[1 + (i % 5)]];
      stories.push({
        id,
        key: `bench-${i}`,
        representativeArticleId: ids[0],
        title: `Story ${i}: cargo through Khorgos`,
        firstSeenAt: published,
        lastSeenAt: published,
        articleCount: copies,
        outletCount: copies,
        relevant: i % 10 !== 0,
        relevance: 0.5 + (i % 50) / 100,
        topics,
        countries,
        createdAt: published,
      });
      ids.forEach((articleId, c) => {
        const url = `https://${OUTLETS[(i + c * 7) % OUTLETS.length].id}.example/news/${i}-${c}`;
        articles.push({
          id: articleId,
          url,
          canonicalKey: url,
          originalUrl: url,
          sourceId: OUTLETS[(i + c * 7) % OUTLETS.length].id,
          title: `Story ${i} as told by copy ${c}`,
          text: paragraph(i, 0).replace(/<\/?p>/g, ""),
          html: c === 0 ? Array.from({ length: 8 }, (_, p) => paragraph(i, p)).join("") : null,
          language: ["en", "ru", "zh"][c % 3],
          publishedAt: new Date(published.getTime() + c * 60_000),
          createdAt: new Date(published.getTime() + c * 60_000),
          storyId: id,
          relevant: true,
          relevance: 0.8,
          topics,
          countries,
          evidence: [{ term: "khorgos", kind: "entity", where: "title" }],
        });
      });
    }
    await db.story.createMany({ data: stories });
    await db.article.createMany({ data: articles });
  }
}

interface WrkResult {
  requestsPerSecond: number;
  p99: string;
  errors: string;
}

const connections = args.includes("--connections") ? args[args.indexOf("--connections") + 1] : "32";

async function wrk(url: string, headers: string[] = []): Promise<WrkResult> {
  const { stdout } = await run("wrk", [
    "-t2",
    `-c${connections}`,
    `-d${duration}`,
    "--latency",
    ...headers.flatMap((h) => ["-H", h]),
    url,
  ]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const p99 = /\s99%\s+(\S+)/.exec(stdout)?.[1] ?? "?";
  const socket = /Socket errors: (.*)/.exec(stdout)?.[1];
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1];
  return {
    requestsPerSecond: rps,
    p99,
    errors: [socket && `socket ${socket}`, non2xx && `${non2xx} non-2xx/3xx`].filter(Boolean).join("; ") || "0",
  };
}

function startNginx(root: string, dir: string, port: number): ChildProcess {
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(
    conf,
    `worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; types { application/atom+xml atom; application/rss+xml xml; application/feed+json json; }
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server { listen 127.0.0.1:${port}; root ${root}; add_header Cache-Control "public, max-age=300"; } }
`,
  );
  return spawn("nginx", ["-c", conf, "-p", dir], { stdio: "ignore" });
}

async function waitForUrl(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

const database = await createTestDatabase();
const work = mkdtempSync(path.join(tmpdir(), "silkwire-bench-publish-"));
chmodSync(work, 0o755); // nginx's worker runs as nobody
const publicDir = path.join(work, "public");
mkdirSync(path.join(work, "nginx"));
const webPort = 18_000 + Math.floor(Math.random() * 1000);
const nginxPort = webPort + 1000;
const env = {
  DATABASE_URL: database.url,
  REDIS_URL: TEST_REDIS_URL,
  SILKWIRE_QUEUE_PREFIX: uniqueQueuePrefix(),
  SILKWIRE_PUBLIC_DIR: publicDir,
  PUBLIC_URL: `http://127.0.0.1:${webPort}`,
  HOST: "127.0.0.1",
  PORT: String(webPort),
};
let web: ChildProcess | undefined;
let nginx: ChildProcess | undefined;
try {
  let started = performance.now();
  await seed(database.db);
  console.log(`seeded ${count} stories in ${Math.round(performance.now() - started)} ms`);
  for (const round of ["first", "second (no new data)"]) {
    started = performance.now();
    const result = await runCli(["feeds", "build"], env);
    console.log(
      `feeds build, ${round}: ${result.stdout.trim()} (command wall time ${Math.round(performance.now() - started)} ms)`,
    );
  }
  web = spawn(process.execPath, [path.join(PROJECT_ROOT, "src/cli/main.ts"), "web"], {
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
  nginx = startNginx(publicDir, path.join(work, "nginx"), nginxPort);
  const ours = `http://127.0.0.1:${webPort}/feeds/all.atom`;
  const theirs = `http://127.0.0.1:${nginxPort}/feeds/all.atom`;
  await Promise.all([waitForUrl(ours), waitForUrl(theirs)]);
  const [a, b] = await Promise.all([fetch(ours), fetch(theirs)]);
  console.log(
    `file: all.atom, ${(await a.arrayBuffer()).byteLength} bytes (nginx: ${(await b.arrayBuffer()).byteLength})`,
  );
  const cases = [
    ["200", [], []],
    ["304", [`If-None-Match: ${a.headers.get("etag")}`], [`If-None-Match: ${b.headers.get("etag")}`]],
  ] as const;
  for (const [status, oursHeaders, nginxHeaders] of cases) {
    const silkwire = await wrk(ours, [...oursHeaders]);
    const reference = await wrk(theirs, [...nginxHeaders]);
    console.log(
      `${status}: silkwire web ${Math.round(silkwire.requestsPerSecond)} req/s, p99 ${silkwire.p99}, errors ${silkwire.errors} | ` +
        `nginx ${Math.round(reference.requestsPerSecond)} req/s, p99 ${reference.p99}, errors ${reference.errors} | ` +
        `ratio ${(silkwire.requestsPerSecond / reference.requestsPerSecond).toFixed(2)}`,
    );
  }
} finally {
  web?.kill("SIGTERM");
  nginx?.kill("SIGQUIT");
  await database.drop();
  rmSync(work, { recursive: true, force: true });
}
