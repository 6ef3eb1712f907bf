import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFetcher, type Fetcher } from "../../src/fetch/index.ts";
import { pollSource } from "../../src/ingest/poll-source.ts";
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
});
