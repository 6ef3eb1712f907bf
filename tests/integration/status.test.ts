// `silkwire status` after a real ingest where one source works and one is gone: the paused source with its
// reason, the failed job with BullMQ's reason, queue depths, next polls, an article the pipeline gave up on, the last
// feed build and the last digest, as JSON and text.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server.ts";
import { createPipelineSandbox, runCli, TEST_REDIS_URL, type PipelineSandbox } from "../helpers/services.ts";
import { ARTICLES, articlePage, rss2Feed } from "../fixtures/news-site.ts";
import { closeAll, openQueues, DEFAULT_QUEUE_SETTINGS } from "../../src/jobs/queues.ts";
import { redisOptions } from "../../src/jobs/connection.ts";

let server: FixtureServer;
let sandbox: PipelineSandbox;

beforeAll(async () => {
  server = await startFixtureServer();
  server.routes.set("/feed.xml", { headers: { "content-type": "application/rss+xml" }, body: rss2Feed(server.url) });
  server.routes.set("/gone.xml", { status: 404, body: "no such feed" });
  for (const a of ARTICLES)
    server.routes.set(`/news/${a.slug}`, {
      headers: { "content-type": "text/html" },
      body: articlePage(server.url, a),
    });
  sandbox = await createPipelineSandbox(
    `allowPrivateNetworks: true\nmaxConsecutiveFailures: 1\nfetch: { perHostDelay: 0ms }\nsources:\n` +
      `  - { id: steppe, name: Steppe, url: "${server.url}/feed.xml", type: feed, every: 30m }\n` +
      `  - { id: gone, name: Gone, url: "${server.url}/gone.xml", type: feed, every: 1h }\n`,
  );
  expect((await runCli(["migrate"], sandbox.env)).code).toBe(0);
  const ingest = await runCli(["ingest", "--wait"], sandbox.env, 120_000);
  expect(ingest.stdout, ingest.stderr).toMatch(/1 sources ok, 1 failed/);
  expect((await runCli(["feeds", "build", "--out", sandbox.configDir], sandbox.env)).code).toBe(0);
  // The fixture articles' week (2026-11-20..22): a digest built and not yet sent.
  const digest = await runCli(["digest", "build", "--week", "2026-W47"], sandbox.env);
  expect(digest.code, digest.stderr).toBe(0);
  // What `silkwire scheduler` does, one job scheduler per source, but starting in ten minutes (a running service's
  // state between two polls), so status can say when each source polls next.
  const queues = openQueues(redisOptions(TEST_REDIS_URL), {
    ...DEFAULT_QUEUE_SETTINGS,
    prefix: sandbox.env.SILKWIRE_QUEUE_PREFIX,
  });
  for (const [id, every] of Object.entries({ steppe: 1_800_000, gone: 3_600_000 }))
    await queues["poll-source"].upsertJobScheduler(
      `source-${id}`,
      { every, startDate: new Date(Date.now() + 600_000) },
      { name: "poll-source", data: { sourceId: id, force: false } },
    );
  await closeAll(Object.values(queues));
  // An article as the recovery sweep leaves one it gave up on (tests/ingest/recover-articles.test.ts makes one).
  const url = `${server.url}/news/poison`;
  await sandbox.database.db.article.create({
    data: {
      url,
      canonicalKey: url,
      originalUrl: url,
      sourceId: "steppe",
      title: "Poison",
      stage: "failed",
      failedReason: "curate failed again after 3 restarts by the recovery sweep; last error:\nTypeError: boom",
    },
  });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await sandbox?.cleanup();
});

it("--json gives every source's health, the queues, failed jobs with reasons and the last feed build", async () => {
  const run = await runCli(["status", "--json"], sandbox.env);
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout);
  expect(Object.keys(report).sort()).toEqual([
    "failedArticles",
    "failedJobs",
    "generatedAt",
    "lastDigest",
    "lastFeedBuild",
    "queues",
    "sources",
  ]);

  const byId = Object.fromEntries(report.sources.map((s: { id: string }) => [s.id, s]));
  expect(byId.steppe).toMatchObject({ state: "ok", consecutiveFailures: 0, pausedReason: null, enabled: true });
  expect(Date.parse(byId.steppe.lastSuccessAt)).not.toBeNaN();
  expect(Date.parse(byId.steppe.nextPollAt)).toBeGreaterThan(Date.parse(report.generatedAt));
  expect(byId.gone).toMatchObject({ state: "paused", consecutiveFailures: 1, lastSuccessAt: null, nextPollAt: null });
  expect(byId.gone.pausedReason).toMatch(/paused after 1 consecutive failures; last: .*404/);

  expect(report.queues.map((q: { queue: string }) => q.queue)).toContain("poll-source");
  const polls = report.queues.find((q: { queue: string }) => q.queue === "poll-source");
  expect(polls).toMatchObject({ waiting: 0, active: 0, failed: 1 });
  expect(report.failedJobs).toHaveLength(1);
  expect(report.failedJobs[0]).toMatchObject({ queue: "poll-source", subject: "source gone" });
  expect(report.failedJobs[0].reason).toMatch(/404/);

  expect(report.failedArticles.total).toBe(1);
  expect(report.failedArticles.recent).toEqual([
    {
      id: expect.any(String),
      sourceId: "steppe",
      url: `${server.url}/news/poison`,
      failedAt: expect.any(String),
      reason: "curate failed again after 3 restarts by the recovery sweep; last error:\nTypeError: boom",
    },
  ]);

  expect(report.lastFeedBuild).toMatchObject({ trigger: "command", error: null });
  expect(report.lastFeedBuild.feeds).toBeGreaterThan(0);
  expect(report.lastDigest).toMatchObject({ week: "2026-W47", deliveries: {}, lastSentAt: null });
  expect(report.lastDigest.storyCount).toBeGreaterThan(0);
});

it("prints the same as readable tables, the paused source with why", async () => {
  const run = await runCli(["status"], sandbox.env);
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.split("\n");
  expect(lines[0]).toBe("sources (2)");
  expect(lines[1]).toMatch(/^source\s+state\s+last success\s+failures\s+next poll\s+why$/);
  expect(lines.find((l) => l.startsWith("gone "))).toMatch(/^gone\s+paused\s+-\s+1\s+-\s+paused after 1 consecutive/);
  expect(lines.find((l) => l.startsWith("steppe "))).toMatch(
    /^steppe\s+ok\s+\d{4}-\d\d-\d\d \d\d:\d\dZ \(\d+s ago\)\s+0\s+\S+ \S+ \(in \d+m\)\s*$/,
  );
  expect(lines.find((l) => l.startsWith("poll-source "))).toMatch(/^poll-source\s+0\s+0\s+2\s+1$/);
  expect(run.stdout).toMatch(
    /recent failed jobs\nqueue\s+job\s+for\s+attempts\s+failed\s+reason\npoll-source\s+\S+\s+source gone\s+1\s+.*404/,
  );
  expect(run.stdout).toMatch(
    /failed articles \(1\)\nsource\s+article\s+failed\s+reason\nsteppe\s+http:\S+\/news\/poison\s+\S+ \S+ \(\d+s ago\)\s+curate failed again after 3 restarts by the recovery sweep; last error: TypeError: boom\nonce the cause is fixed, `silkwire retry-failed` hands them back\n/,
  );
  expect(run.stdout).toMatch(/last feed build: .* \(command, \d+ ms\): \d+ feeds, \d+ files written/);
  expect(run.stdout).toMatch(
    /last digest: 2026-W47, built \S+ \S+ \(\d+s ago\), [1-9]\d* stories: no deliveries yet\n/,
  );
});
