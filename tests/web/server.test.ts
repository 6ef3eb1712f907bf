// The web server against a real Postgres and Redis: feeds with HTTP caching, pages, the API and /health.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import {
  createTestDatabase,
  deleteQueueKeys,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
  type TestDatabase,
} from "../helpers/services.ts";
import { seedStories } from "../helpers/seed-stories.ts";
import { HOSTILE, THREE_COPIES } from "../publish/fixtures/stories.ts";
import { feedparser } from "../publish/feed-readers.ts";
import { buildServer } from "../../src/web/server.ts";
import { openQueues, closeAll, DEFAULT_QUEUE_SETTINGS, type Queues } from "../../src/jobs/queues.ts";
import { redisOptions } from "../../src/jobs/connection.ts";
import { parseFeedsConfig } from "../../src/config/feeds.ts";
import { writeAllFeeds, type PublishContext } from "../../src/feeds/build-feeds.ts";

let test: TestDatabase;
let app: FastifyInstance;
let queues: Queues;
let publicDir: string;
let context: PublishContext;
const prefix = uniqueQueuePrefix();
const PUBLIC = "https://news.example.org";
/** Page HTML with runs of whitespace collapsed: what a browser shows does not depend on line breaks. */
const flat = (body: string) => body.replace(/\s+/g, " ");

beforeAll(async () => {
  test = await createTestDatabase();
  await seedStories(test.db, [THREE_COPIES, HOSTILE]);
  await test.db.source.update({ where: { id: "times-ca" }, data: { consecutiveFailures: 3, lastError: "HTTP 503" } });
  const config = parseFeedsConfig("cacheMaxAge: 120\ndefaults: { topics: false, countries: [KZ] }\n", "feeds.yaml", {
    topics: [],
    countries: [{ code: "KZ", name: "Kazakhstan" }],
  });
  context = { db: test.db, config, labels: { KZ: "Kazakhstan" }, publicUrl: PUBLIC };
  publicDir = mkdtempSync(path.join(tmpdir(), "silkwire-web-"));
  await writeAllFeeds(context, publicDir);
  queues = openQueues(redisOptions(TEST_REDIS_URL), { ...DEFAULT_QUEUE_SETTINGS, prefix });
  app = await buildServer({ db: test.db, queues, publish: context, publicDir });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await closeAll(Object.values(queues ?? {}));
  await deleteQueueKeys(prefix);
  rmSync(publicDir, { recursive: true, force: true });
  await test?.drop();
});

describe("feeds over HTTP", () => {
  it("serves every format with its content type, validators and cache lifetime, and answers 304 when unchanged", async () => {
    const types = { xml: "application/rss+xml", atom: "application/atom+xml", json: "application/feed+json" };
    for (const [extension, type] of Object.entries(types)) {
      const first = await app.inject({ url: `/feeds/all.${extension}` });
      expect(first.statusCode).toBe(200);
      expect(first.headers["content-type"]).toBe(`${type}; charset=utf-8`);
      expect(first.headers["cache-control"]).toBe("public, max-age=120");
      expect(first.headers.etag).toMatch(/^W\/"[\w-]+"$/);
      expect(Date.parse(String(first.headers["last-modified"]))).not.toBeNaN();
      const byTag = await app.inject({
        url: `/feeds/all.${extension}`,
        headers: { "if-none-match": first.headers.etag as string },
      });
      expect(byTag.statusCode).toBe(304);
      expect(byTag.body).toBe("");
      const byDate = await app.inject({
        url: `/feeds/all.${extension}`,
        headers: { "if-modified-since": first.headers["last-modified"] as string },
      });
      expect(byDate.statusCode).toBe(304);
    }
  });

  it("gives a self link equal to the URL served, query parameters in a fixed order", async () => {
    const built = await app.inject({ url: "/feeds/kz.atom" });
    expect(feedparser(built.body).feed.links).toContainEqual({ rel: "self", href: `${PUBLIC}/feeds/kz.atom` });
    const queried = await app.inject({ url: "/feeds/all.atom?min_outlets=2&limit=1" });
    const parsed = feedparser(queried.body);
    expect(parsed.feed.links).toContainEqual({ rel: "self", href: `${PUBLIC}/feeds/all.atom?limit=1&min_outlets=2` });
    expect(parsed.entries.map((e) => e.id)).toEqual([`tag:silkwire,2026:story:${THREE_COPIES.id}`]);
  });

  it("compresses for readers that ask, and refuses unknown feeds and malformed parameters", async () => {
    const gzipped = await app.inject({ url: "/feeds/all.json", headers: { "accept-encoding": "gzip" } });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString()).version).toBe("https://jsonfeed.org/version/1.1");
    expect((await app.inject({ url: "/feeds/nope.atom" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/feeds/all.html" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/feeds/all.atom?limit=-1" })).statusCode).toBe(400);
  });

  it("lists every feed in OPML with absolute URLs and on the front page with autodiscovery links", async () => {
    const opml = await app.inject({ url: "/feeds.opml" });
    expect(opml.body).toContain(`xmlUrl="${PUBLIC}/feeds/all.atom"`);
    expect(opml.body).toContain(`xmlUrl="${PUBLIC}/feeds/kz.atom"`);
    const front = await app.inject({ url: "/" });
    expect(front.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(flat(front.body)).toContain(
      `<link rel="alternate" type="application/atom+xml" title="Silkwire: Kazakhstan (Atom)" href="${PUBLIC}/feeds/kz.atom" />`,
    );
    expect(front.body).toContain(`href="${PUBLIC}/feeds/all.json"`);
  });
});

describe("pages and API", () => {
  it("shows stories with their outlets, filtered, with hostile text escaped", async () => {
    const list = await app.inject({ url: "/stories" });
    list.body = flat(list.body);
    expect(list.body).toContain(
      `<a href="/stories/${THREE_COPIES.id}"><bdi>China–Kazakhstan rail freight hits a record through Khorgos</bdi></a>`,
    );
    expect(list.body).toContain(
      '<a href="https://timesca.com/rail-freight-record/"><bdi>The Times of Central Asia</bdi></a>',
    );
    expect(list.body).not.toMatch(/<script>alert|<img src=x onerror|javascript:/);
    // Markup in a title is dropped (the title is text), what is left is escaped.
    expect(list.body).toContain(
      `<a href="/stories/${HOSTILE.id}"><bdi>Breaking ]]&gt; news — مرحبا بالعالم 🚄🇨🇳</bdi></a>`,
    );
    // Right-to-left names are isolated, so they cannot reorder the dates and dots around them.
    expect(list.body).toContain("<bdi>قناة ]]&gt; &lt;الأخبار&gt;</bdi>");
    const filtered = await app.inject({ url: "/stories?country=KZ" });
    expect(filtered.body).toContain(THREE_COPIES.id);
    expect(filtered.body).not.toContain(HOSTILE.id);
  });

  it("shows one story with all its copies, and 404 for an unknown id", async () => {
    const story = await app.inject({ url: `/stories/${HOSTILE.id}` });
    story.body = flat(story.body);
    expect(story.statusCode).toBe(200);
    expect(story.body).toContain(
      '<a href="https://rtl.example/ar/news?id=1&amp;lang=ar"><bdi>خبر عن الصين وأوزبكستان</bdi></a>',
    );
    expect(story.body).toContain("A copy whose link is not http");
    expect(story.body).not.toMatch(/<script>|onerror=|onclick=|href="javascript:/);
    expect((await app.inject({ url: "/stories/00000000-0000-4000-8000-000000000000" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/stories/<script>" })).statusCode).toBe(404);
  });

  it("pages through /api/stories with a cursor and searches with q", async () => {
    const first = (await app.inject({ url: "/api/stories?limit=1" })).json();
    expect(first.stories.map((s: { id: string }) => s.id)).toEqual([THREE_COPIES.id]);
    const second = (await app.inject({ url: `/api/stories?limit=1&cursor=${first.next_cursor}` })).json();
    expect(second.stories.map((s: { id: string }) => s.id)).toEqual([HOSTILE.id]);
    expect(second.next_cursor).toBeNull();
    const found = (await app.inject({ url: "/api/stories?q=freight%20Khorgos" })).json();
    expect(found.stories.map((s: { id: string }) => s.id)).toEqual([THREE_COPIES.id]);
    expect(found.stories[0].copies).toHaveLength(3);
    expect((await app.inject({ url: "/api/stories?cursor=garbage" })).statusCode).toBe(400);
  });

  it("reports health: Postgres and Redis answering, queue depths, failing sources", async () => {
    const health = await app.inject({ url: "/health" });
    expect(health.statusCode).toBe(200);
    const body = health.json();
    expect(body.status).toBe("ok");
    expect(body.queues["poll-source"]).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(body.failingSources).toEqual([
      expect.objectContaining({ id: "times-ca", consecutiveFailures: 3, lastError: "HTTP 503", paused: false }),
    ]);
  });

  it("answers 503 on /health when Redis does not answer", async () => {
    const deadQueues = openQueues(redisOptions("redis://127.0.0.1:1"), { ...DEFAULT_QUEUE_SETTINGS, prefix });
    for (const queue of Object.values(deadQueues)) queue.on("error", () => {}); // the refused connection is the point
    const broken = await buildServer({ db: test.db, queues: deadQueues, publish: context, publicDir });
    try {
      const health = await broken.inject({ url: "/health" });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ status: "unavailable", postgres: "ok" });
    } finally {
      await broken.close();
      await closeAll(Object.values(deadQueues));
    }
  });
});
