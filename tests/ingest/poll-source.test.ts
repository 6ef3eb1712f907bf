import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFetcher, type Fetcher } from "../../src/fetch/index.ts";
import { SourceNotStoredError, pollSource } from "../../src/ingest/poll-source.ts";
import type { SourceConfig } from "../../src/model.ts";
import { syncSources } from "../../src/store/sources-store.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/services.ts";
import { rss2Feed } from "../fixtures/news-site.ts";

// The poll stage on its own: real Postgres and a real local server, no queue.

let server: FixtureServer;
let database: TestDatabase;
let fetcher: Fetcher;
let now = new Date("2026-11-25T10:00:00Z");

function source(id: string, path: string, extra: Partial<SourceConfig> = {}): SourceConfig {
  return {
    id,
    name: id,
    url: `${server.url}${path}`,
    type: "feed",
    everyMs: 60_000,
    enabled: true,
    fullText: false,
    fullTextAuto: true,
    include: [],
    exclude: [],
    line: 1,
    ...extra,
  };
}

const deps = () => ({ db: database.db, fetcher, pauseAfter: 3, now: () => now });

beforeAll(async () => {
  server = await startFixtureServer();
  database = await createTestDatabase();
  fetcher = createFetcher({ allowPrivateNetworks: true, perHostDelayMs: 0, totalTimeoutMs: 2000 });
}, 60_000);

afterAll(async () => {
  await fetcher?.close();
  await server?.close();
  await database?.drop();
});

beforeEach(() => {
  now = new Date(now.getTime() + 3_600_000);
});

describe("pollSource", () => {
  it("counts failures, backs off between scheduled polls, and pauses after the limit", async () => {
    server.routes.set("/down.xml", { status: 503, body: "maintenance" });
    const down = source("down", "/down.xml");
    await syncSources(database.db, [down]);

    await expect(pollSource(down, deps())).rejects.toThrow(/503/);
    // One minute later a scheduled poll waits (2 × every after one failure); a forced one goes ahead.
    now = new Date(now.getTime() + 60_000);
    expect((await pollSource(down, deps())).status).toBe("skipped");
    await expect(pollSource(down, deps(), true)).rejects.toThrow(/503/);
    await expect(pollSource(down, deps(), true)).rejects.toThrow(/503/);

    const health = await database.db.source.findUniqueOrThrow({ where: { id: "down" } });
    expect(health.consecutiveFailures).toBe(3);
    expect(health.pausedReason).toMatch(/paused after 3 consecutive failures; last: .*503/);
    const paused = await pollSource(down, deps(), true);
    expect(paused).toMatchObject({ status: "skipped", reason: expect.stringMatching(/^paused/) });
    expect(await database.db.poll.count({ where: { sourceId: "down", status: "failed" } })).toBe(3);
  });

  it("stores an item once even when the feed changes its link but keeps its GUID", async () => {
    let variant = 0;
    server.routes.set("/moving.xml", {
      handle: (_req, res) =>
        void res
          .writeHead(200, { "content-type": "application/rss+xml" })
          .end(rss2Feed(server.url).replace(/\/news\//g, `/news/v${variant}/`)),
    });
    const moving = source("moving", "/moving.xml");
    await syncSources(database.db, [moving]);
    expect((await pollSource(moving, deps())).newItems).toBe(3);
    variant = 1;
    expect((await pollSource(moving, deps())).newItems).toBe(0);
    expect(await database.db.article.count({ where: { sourceId: "moving" } })).toBe(3);
  });

  it("keeps only items that pass the source's keyword filters, and asks for pages of teaser items", async () => {
    server.routes.set("/filtered.xml", {
      headers: { "content-type": "application/rss+xml" },
      body: rss2Feed(server.url).replace(/\/news\//g, "/f/"),
    });
    const filtered = source("filtered", "/filtered.xml", { include: ["Kyrgyz", "Kazakh"], exclude: ["solar"] });
    await syncSources(database.db, [filtered]);
    const outcome = await pollSource(filtered, deps());
    expect(outcome.itemsSeen).toBe(3);
    expect(outcome.newItems).toBe(1);
    // The outlet's own link (http, as served), minus its utm_ parameters: not the https canonical key.
    expect(outcome.toFetch.map((a) => a.url)).toEqual([`${server.url}/f/kyrgyz-rail-talks`]);
  });

  it("honours Retry-After of a 429 (seconds) and a 503 (HTTP-date), even for a forced poll", async () => {
    server.routes.set("/busy.xml", { status: 429, headers: { "retry-after": "600" } });
    const busy = source("busy", "/busy.xml");
    await syncSources(database.db, [busy]);
    await expect(pollSource(busy, deps())).rejects.toThrow(/429/);
    now = new Date(now.getTime() + 300_000);
    const early = await pollSource(busy, deps(), true);
    expect(early).toMatchObject({ status: "skipped", reason: expect.stringMatching(/asked not to be polled before/) });
    expect(server.hits.get("/busy.xml")).toBe(1);

    const until = new Date(now.getTime() + 3_600_000);
    server.routes.set("/busy.xml", { status: 503, headers: { "retry-after": until.toUTCString() } });
    now = new Date(now.getTime() + 301_000);
    await expect(pollSource(busy, deps(), true)).rejects.toThrow(/503/);
    now = new Date(until.getTime() - 1000);
    expect((await pollSource(busy, deps(), true)).status).toBe("skipped");
    server.routes.set("/busy.xml", { headers: { "content-type": "application/rss+xml" }, body: rss2Feed(server.url) });
    now = new Date(until.getTime() + 1000);
    expect((await pollSource(busy, deps(), true)).status).toBe("ok");
  });

  it("never polls sooner than the feed's Cache-Control max-age allows", async () => {
    server.routes.set("/cached.xml", {
      headers: { "content-type": "application/rss+xml", "cache-control": "public, max-age=7200" },
      body: rss2Feed(server.url).replace(/\/news\//g, "/cached/"),
    });
    const cached = source("cached", "/cached.xml"); // every minute
    await syncSources(database.db, [cached]);
    expect((await pollSource(cached, deps())).status).toBe("ok");
    now = new Date(now.getTime() + 3_600_000);
    expect((await pollSource(cached, deps())).reason).toMatch(/asked not to be polled before/);
    now = new Date(now.getTime() + 3_601_000);
    expect((await pollSource(cached, deps())).status).toBe("ok");
    expect(server.hits.get("/cached.xml")).toBe(2);
  });

  it("records every item it drops, with why: repeated GUID or link, a 3 KB URL or GUID, beyond maxItems", async () => {
    const item = (link: string, guid: string, day: number) =>
      `<item><title>${guid}</title><link>${link}</link><guid>${guid}</guid><pubDate>${day} Nov 2026 10:00:00 GMT</pubDate></item>`;
    const base = `${server.url}/drops`;
    const items = [
      item(`${base}/1`, "one", 20),
      item(`${base}/2`, "one", 21),
      item(`${base}/1?utm_source=x`, "other", 22),
      item(`${base}/${"x".repeat(3000)}`, "long", 23),
      item(`${base}/old`, "old", 1),
      item(`${base}/3`, "three", 24),
      item(`${base}/4`, "g".repeat(3000), 25),
    ];
    server.routes.set("/drops.xml", {
      headers: { "content-type": "application/rss+xml" },
      body: `<rss version="2.0"><channel><title>d</title>${items.join("")}</channel></rss>`,
    });
    const drops = source("drops", "/drops.xml", { maxItems: 6 });
    await syncSources(database.db, [drops]);
    const outcome = await pollSource(drops, deps());
    expect(outcome).toMatchObject({ status: "ok", itemsSeen: 7, newItems: 2 });
    const expected = [
      { item: "1 older items", reason: "beyond the newest 6 items of the document (maxItems)" },
      { item: "one", reason: "GUID repeats an earlier item" },
      { item: "other", reason: "same link as an earlier item" },
      { item: "long", reason: "URL longer than 2048 characters" },
      { item: `${"g".repeat(200)}…`, reason: "GUID longer than 2048 characters" },
    ];
    expect(outcome.dropped).toEqual(expected);
    const [poll] = await database.db.poll.findMany({ where: { sourceId: "drops" } });
    expect(poll.dropped).toEqual(expected);
    const stored = await database.db.article.findMany({ where: { sourceId: "drops" }, orderBy: { url: "asc" } });
    expect(stored.map((a) => a.url)).toEqual([`${base}/1`, `${base}/3`]);
  });

  it("stores a link once across sources, by its canonical key, keeping the first outlet's own form", async () => {
    const feed = (link: string) =>
      `<rss version="2.0"><channel><title>t</title><item><title>Same</title><link>${link}</link></item></channel></rss>`;
    const http = `${server.url}/same/story?utm_campaign=a`;
    const https = http.replace("http:", "https:").replace("?utm_campaign=a", "#top");
    server.routes.set("/first.xml", { headers: { "content-type": "application/rss+xml" }, body: feed(http) });
    server.routes.set("/second.xml", { headers: { "content-type": "application/rss+xml" }, body: feed(https) });
    const first = source("first", "/first.xml");
    const second = source("second", "/second.xml");
    await syncSources(database.db, [first, second]);
    expect((await pollSource(first, deps())).newItems).toBe(1);
    expect((await pollSource(second, deps())).newItems).toBe(0);
    const rows = await database.db.article.findMany({ where: { title: "Same" } });
    expect(rows.map((r) => [r.url, r.canonicalKey, r.originalUrl])).toEqual([
      [`${server.url}/same/story`, `https://127.0.0.1:${new URL(server.url).port}/same/story`, http],
    ]);
  });

  it("throws a typed SourceNotStoredError for a configured source whose row is not stored yet", async () => {
    const early = source("not-synced-yet", "/feed.xml");
    await expect(pollSource(early, deps())).rejects.toBeInstanceOf(SourceNotStoredError);
    await expect(pollSource(early, deps())).rejects.toThrow(/source "not-synced-yet" is not in the database yet/);
  });
});
