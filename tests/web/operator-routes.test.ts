// The operator's routes of the web server: /metrics and the queue dashboard behind basic auth.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import {
  createTestDatabase,
  deleteQueueKeys,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
  type TestDatabase,
} from "../helpers/services.ts";
import { metricValue } from "../helpers/prometheus-text.ts";
import { seedStories } from "../helpers/seed-stories.ts";
import { THREE_COPIES } from "../publish/fixtures/stories.ts";
import { buildServer, type WebDeps } from "../../src/web/server.ts";
import { openQueues, closeAll, DEFAULT_QUEUE_SETTINGS, type Queues } from "../../src/jobs/queues.ts";
import { redisOptions } from "../../src/jobs/connection.ts";
import { parseFeedsConfig } from "../../src/config/feeds.ts";

let test: TestDatabase;
let queues: Queues;
const apps: FastifyInstance[] = [];
const prefix = uniqueQueuePrefix();
const ADMIN = { user: "ops", password: "s3cret: with colon" };

async function server(admin?: WebDeps["admin"]): Promise<FastifyInstance> {
  const config = parseFeedsConfig("defaults: { topics: false, countries: false }\n", "feeds.yaml", {
    topics: [],
    countries: [],
  });
  const publish = { db: test.db, config, labels: {}, publicUrl: "https://news.example.org" };
  const app = await buildServer({ db: test.db, queues, publish, publicDir: "/nonexistent", admin });
  apps.push(app);
  return app;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedStories(test.db, [THREE_COPIES]);
  queues = openQueues(redisOptions(TEST_REDIS_URL), { ...DEFAULT_QUEUE_SETTINGS, prefix });
  // A job nobody works on: the dashboard and the queue gauge must both show it waiting.
  await queues["poll-source"].add("poll-source", { sourceId: "waiting-one", force: false }, { jobId: "poll-waiting" });
}, 120_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await closeAll(Object.values(queues ?? {}));
  await deleteQueueKeys(prefix);
  await test?.drop();
});

describe("/metrics", () => {
  it("reports queue depths from Redis, stories from Postgres, and the process metrics", async () => {
    const response = await (await server()).inject({ url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metricValue(response.body, 'silkwire_queue_jobs{queue="poll-source",state="waiting"}')).toBe(1);
    expect(metricValue(response.body, 'silkwire_queue_jobs{queue="fetch-article",state="waiting"}')).toBe(0);
    expect(metricValue(response.body, "silkwire_stories_created")).toBe(1);
    expect(response.body).toContain("# TYPE process_resident_memory_bytes gauge");
  });
});

describe("/admin/queues", () => {
  it("is not there (404) when ADMIN_USER and ADMIN_PASSWORD are unset", async () => {
    const app = await server();
    expect((await app.inject({ url: "/admin/queues" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/admin/queues/api/queues" })).statusCode).toBe(404);
  });

  it("asks for credentials (401) without them or with wrong ones, and shows the queues (200) with them", async () => {
    const app = await server(ADMIN);
    const bare = await app.inject({ url: "/admin/queues" });
    expect(bare.statusCode).toBe(401);
    expect(bare.headers["www-authenticate"]).toMatch(/^Basic realm=/);
    const wrong = await app.inject({ url: "/admin/queues", headers: { authorization: basic("ops", "guess") } });
    expect(wrong.statusCode).toBe(401);
    const api = await app.inject({
      url: "/admin/queues/api/queues",
      headers: { authorization: basic("ops", "guess") },
    });
    expect(api.statusCode).toBe(401);

    const page = await app.inject({
      url: "/admin/queues",
      headers: { authorization: basic(ADMIN.user, ADMIN.password) },
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    const listed = await app.inject({
      url: "/admin/queues/api/queues",
      headers: { authorization: basic(ADMIN.user, ADMIN.password) },
    });
    expect(listed.statusCode).toBe(200);
    const queuesShown = (listed.json() as { queues: Array<{ name: string; counts: Record<string, number> }> }).queues;
    expect(queuesShown.map((q) => q.name)).toContain("poll-source");
    expect(queuesShown.find((q) => q.name === "poll-source")!.counts.waiting).toBe(1);
    // The rest of the site stays public.
    expect((await app.inject({ url: "/health" })).statusCode).toBe(200);
  });
});
