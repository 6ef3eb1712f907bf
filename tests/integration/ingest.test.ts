import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server.ts";
import { createPipelineSandbox, runCli, type PipelineSandbox, type TestDatabase } from "../helpers/services.ts";
import {
  ARTICLES,
  CYRILLIC_TITLE,
  articlePage,
  atomFeed,
  cp1251Feed,
  htmlInsteadOfFeed,
  listingPage,
  malformedFeed,
  rss1Feed,
  rss2Feed,
} from "../fixtures/news-site.ts";

// The whole pipeline as a user runs it: `silkwire ingest --wait` in a child process, against a real local HTTP
// server, a real Postgres database and real Redis queues.

let server: FixtureServer;
let sandbox: PipelineSandbox;
let database: TestDatabase;
let env: Record<string, string>;
const ETAG = '"rss2-v1"';

function sourcesYaml(url: string): string {
  const feed = (id: string, p: string, extra = "") =>
    `  - { id: ${id}, name: ${id}, url: "${url}${p}", type: feed${extra} }\n`;
  return `allowPrivateNetworks: true
fetch: { timeout: 6s, perHostDelay: 0ms, maxBytes: 1048576 }
sources:
${feed("steppe", "/feeds/rss2.xml")}${feed("pamir", "/feeds/atom.xml")}${feed("caspian", "/feeds/rss1.xml")}${feed("regional-ru", "/feeds/cp1251.xml", ", language: ru")}${feed("broken", "/feeds/broken.xml")}${feed("moved", "/feeds/moved.xml")}${feed("flaky", "/feeds/flaky.xml")}${feed("stalled", "/feeds/stalled.xml")}${feed("huge", "/feeds/huge.xml")}  - id: listing
    name: Listing only
    url: "${url}/latest"
    type: html
    selectors: { item: .card, link: .card-title a, date: .date, summary: .lead }
`;
}

beforeAll(async () => {
  server = await startFixtureServer();
  const base = server.url;
  const xml = { "content-type": "application/rss+xml; charset=utf-8" };
  server.routes.set("/feeds/rss2.xml", {
    handle: (req, res) => {
      if (req.headers["if-none-match"] === ETAG) return void res.writeHead(304, { etag: ETAG }).end();
      res.writeHead(200, { ...xml, etag: ETAG, "content-encoding": "gzip" }).end(gzipSync(rss2Feed(base)));
    },
  });
  server.routes.set("/feeds/atom.xml", { headers: { "content-type": "application/atom+xml" }, body: atomFeed(base) });
  server.routes.set("/feeds/rss1.xml", { headers: { "content-type": "application/rdf+xml" }, body: rss1Feed(base) });
  server.routes.set("/feeds/cp1251.xml", { headers: { "content-type": "application/xml" }, body: cp1251Feed(base) });
  server.routes.set("/feeds/broken.xml", { headers: xml, body: malformedFeed(base) });
  server.routes.set("/feeds/moved.xml", { headers: { "content-type": "text/html" }, body: htmlInsteadOfFeed() });
  server.routes.set("/feeds/flaky.xml", {
    handle: (_req, res, hit) => {
      if (hit === 1) return void res.writeHead(500).end("upstream error");
      res.writeHead(200, xml).end(rss1Feed(base).replace(/ashgabat-gas/g, "flaky-item"));
    },
  });
  server.routes.set("/feeds/stalled.xml", { delayMs: 20_000, headers: xml, body: rss1Feed(base) });
  server.routes.set("/feeds/huge.xml", {
    headers: xml,
    body: `<rss version="2.0"><channel>${" ".repeat(3 * 1024 * 1024)}</channel></rss>`,
  });
  server.routes.set("/latest", { headers: { "content-type": "text/html" }, body: listingPage() });
  for (const a of ARTICLES)
    server.routes.set(`/news/${a.slug}`, {
      headers: { "content-type": "text/html; charset=utf-8" },
      body: articlePage(base, a),
    });
  server.routes.set("/notes/ashgabat-gas", {
    headers: { "content-type": "text/html" },
    body: articlePage(base, { ...ARTICLES[1], slug: "ashgabat-gas" }),
  });
  server.routes.set("/notes/flaky-item", {
    headers: { "content-type": "text/html" },
    body: articlePage(base, { ...ARTICLES[0], slug: "flaky-item" }),
  });

  sandbox = await createPipelineSandbox(sourcesYaml(base));
  ({ database, env } = sandbox);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await sandbox?.cleanup();
});

describe("silkwire ingest --wait", () => {
  // One first ingest is the arrangement every test below reads from; none depends on another test having run.
  let firstRun: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    firstRun = await runCli(["ingest", "--wait"], env);
  }, 120_000);

  it("stores every article once, with full text, and records what failed", async () => {
    const run = firstRun;
    expect(run.stderr).not.toMatch(/Error:.*at /s);
    expect(run.stdout).toMatch(/ingest: 7 sources ok, 3 failed/);

    const articles = await database.db.article.findMany({ orderBy: { url: "asc" } });
    const urls = articles.map((a) => a.url);
    expect(new Set(urls).size).toBe(urls.length);
    // rss2 (3) + atom (1) + rss1 (1) + cp1251 (1) + flaky after retry (1); the listing's two stories are the
    // same pages as two rss2 items, but canonical URLs differ from tracking-parameter links only, so they merge.
    // The stored link is the one the server serves (http); only the dedup key is normalised.
    expect(urls).toContain(`${server.url}/news/kyrgyz-rail-talks`);
    expect(articles.map((a) => a.canonicalKey)).toContain(
      `https://127.0.0.1:${new URL(server.url).port}/news/kyrgyz-rail-talks`,
    );
    expect(articles.filter((a) => a.sourceId === "steppe")).toHaveLength(3);
    expect(articles.filter((a) => a.sourceId === "flaky")).toHaveLength(1);

    const rail = articles.find((a) => a.url.endsWith("/news/kyrgyz-rail-talks"))!;
    expect(rail.extractStatus).toBe("ok");
    expect(rail.text).toContain("survey crews would return to the mountain section");
    expect(rail.text).not.toMatch(/cookies|Download the app|Comments|Related stories/);
    expect(rail.summary).toContain("Officials from Kyrgyzstan and China");
    // Curated after extraction: classified and placed in a story.
    expect(rail.relevant).toBe(true);
    expect(rail.countries).toEqual(expect.arrayContaining(["CN", "KG"]));
    expect(rail.storyId).not.toBeNull();
    expect(articles.map((a) => a.stage)).toEqual(articles.map(() => "curated"));

    const russian = articles.find((a) => a.sourceId === "regional-ru")!;
    expect(russian.title).toBe(CYRILLIC_TITLE);
    expect(russian.language).toBe("ru");
    expect(russian.extractStatus).toBe("feed"); // its full text came in the feed

    const polls = await database.db.poll.findMany();
    const failed = Object.fromEntries(
      polls.filter((p) => p.status === "failed").map((p) => [p.sourceId, p.error ?? ""]),
    );
    expect(failed.broken ?? "").toBe(""); // recovered by the lenient parser
    expect(failed.moved).toMatch(/not a feed: the server returned an HTML page/);
    expect(failed.stalled).toMatch(/tim/i);
    expect(failed.huge).toMatch(/large|limit|bytes/i);
    expect(
      polls
        .filter((p) => p.sourceId === "flaky")
        .map((p) => p.status)
        .sort(),
    ).toEqual(["failed", "ok"]);
    const flakySource = await database.db.source.findUnique({ where: { id: "flaky" } });
    expect(flakySource?.consecutiveFailures).toBe(0);
  });

  it("adds nothing on a second run and answers the feed's ETag with a conditional request", async () => {
    const before = await database.db.article.count();
    const run = await runCli(["ingest", "--wait", "--source", "steppe", "--source", "pamir"], env);
    expect(run.stdout).toMatch(/2 sources ok, 0 failed/);
    expect(run.stdout).toMatch(/0 new articles/);
    expect(await database.db.article.count()).toBe(before);
    const conditional = server.requests.filter((r) => r.path === "/feeds/rss2.xml").at(-1);
    expect(conditional?.headers["if-none-match"]).toBe(ETAG);
    const lastPoll = await database.db.poll.findFirst({
      where: { sourceId: "steppe" },
      orderBy: { startedAt: "desc" },
    });
    expect(lastPoll?.status).toBe("not_modified"); // Prisma's spelling of the stored "not-modified"
  });

  it("shows each source's health in sources check", async () => {
    const run = await runCli(["sources", "check"], env);
    expect(run.code).toBe(0);
    const line = (id: string) => run.stdout.split("\n").find((l) => l.startsWith(`${id} `)) ?? "";
    expect(line("steppe")).toMatch(/ ok 20\d\d-/);
    expect(line("moved")).toMatch(/failing x1: .*not a feed/);
    expect(run.stdout).toMatch(/10 sources in .*sources\.yaml, no problems; private networks ALLOWED/);
  });

  it("exports every stored article as JSONL and CSV", async () => {
    const jsonl = await runCli(["export", "articles", "--format", "jsonl"], env);
    const records = jsonl.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records).toHaveLength(await database.db.article.count());
    expect(Object.keys(records[0])).toEqual(
      expect.arrayContaining(["url", "sourceId", "title", "publishedAt", "language", "text"]),
    );
    const csv = await runCli(["export", "articles", "--format", "csv", "--since", "2000-01-01"], env);
    expect(csv.stdout.split("\n")[0]).toMatch(/^id,url,originalUrl,guid,sourceId,title/);
  });

  it("reclassifies every stored article as a job, with progress", async () => {
    const total = await database.db.article.count();
    const run = await runCli(["reclassify", "--wait"], env);
    expect(run.stdout).toContain(`reclassified ${total}/${total}`);
    expect(run.stdout).toContain(`reclassify: ${total} articles classified and clustered again`);
    expect(await database.db.article.count({ where: { classifiedAt: null } })).toBe(0);
  });

  it("rejects an unknown source id with a clear message", async () => {
    const run = await runCli(["ingest", "--source", "nope"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no source with id "nope"/);
  });
});

describe("start-up errors users can fix", () => {
  it("stops with the file and line of a broken sources.yaml, before touching any service", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const dir = mkdtempSync(`${(await import("node:os")).tmpdir()}/silkwire-bad-`);
    writeFileSync(`${dir}/sources.yaml`, "sources:\n  - id: x\n    name: X\n    url: nope\n    type: feed\n");
    const run = await runCli(["start"], { ...env, SILKWIRE_CONFIG_DIR: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`${dir}/sources.yaml:4: source "x": url: must be an absolute http(s) URL`);
  });

  it("says in one line when Redis or Postgres is not reachable", async () => {
    const redis = await runCli(["ingest"], { ...env, REDIS_URL: "redis://127.0.0.1:1" });
    expect(redis.code).toBe(3);
    expect(redis.stderr.trim()).toMatch(
      /^silkwire: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*Is it running\? Set REDIS_URL/,
    );
    const postgres = await runCli(["ingest"], { ...env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/silkwire" });
    expect(postgres.code).toBe(3);
    expect(postgres.stderr.trim().split("\n")).toHaveLength(1);
    expect(postgres.stderr).toMatch(
      /^silkwire: cannot reach Postgres at postgresql:\/\/postgres@127\.0\.0\.1:1\/silkwire/,
    );
  });
});
