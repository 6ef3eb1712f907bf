// The digest is scheduled by a BullMQ job scheduler (cron in the digest's time zone), and its job sends the week.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { QueueEvents } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { redisOptions } from "../../src/jobs/connection.ts";
import { startDigestWorker, syncDigestSchedule } from "../../src/jobs/digest-schedule.ts";
import { closeAll, openQueues } from "../../src/jobs/queues.ts";
import { parseIsoWeek } from "../../src/digest/week.ts";
import { loadDigestContext, sendWeek } from "../../src/mail/weekly-digest.ts";
import {
  createTestDatabase,
  deleteQueueKeys,
  PROJECT_ROOT,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
  type TestDatabase,
} from "../helpers/services.ts";
import { seedSources, seedStory, WEEK_STORIES } from "./digest-fixtures.ts";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.ts";

const prefix = uniqueQueuePrefix();
const settings = { prefix, retryDelayMs: 1000, lockDurationMs: 30_000 };
const queues = openQueues(redisOptions(TEST_REDIS_URL), settings);
let database: TestDatabase;
let sink: SmtpSink;
let configDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedSources(database.db);
  for (const story of WEEK_STORIES) await seedStory(database.db, story);
  sink = await startSmtpSink();
  configDir = mkdtempSync(path.join(tmpdir(), "silkwire-digest-"));
  writeFileSync(path.join(configDir, "subscribers.yaml"), "subscribers:\n  - email: monday@reader.test\n");
}, 60_000);

afterAll(async () => {
  await closeAll(Object.values(queues));
  await deleteQueueKeys(prefix);
  await sink.close();
  await database.drop();
  rmSync(configDir, { recursive: true, force: true });
});

it("schedules one weekly digest job for Monday 07:00 in Almaty, however often it is synced", async () => {
  await syncDigestSchedule(queues, { pattern: "0 7 * * 1", timeZone: "Asia/Almaty" });
  await syncDigestSchedule(queues, { pattern: "0 7 * * 1", timeZone: "Asia/Almaty" }); // a restart
  const schedulers = await queues.digest.getJobSchedulers(0, -1);
  expect(schedulers).toHaveLength(1);
  expect(schedulers[0]).toMatchObject({ key: "weekly-digest", pattern: "0 7 * * 1", tz: "Asia/Almaty" });
  const next = new Date(Number(schedulers[0].next));
  expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([1, 2, 0]); // 07:00 at UTC+5
});

it("the digest job sends the week's digest", async () => {
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    SILKWIRE_CONFIG_DIR: configDir,
    SILKWIRE_PUBLIC_DIR: path.join(configDir, "public"),
    SMTP_URL: sink.url,
    SILKWIRE_DIGEST_SECRET: "s",
  };
  const ctx = loadDigestContext(database.db, database.url, path.join(PROJECT_ROOT, "config/taxonomy.yaml"), env);
  const worker = startDigestWorker(
    async (week) => JSON.stringify((await sendWeek(ctx, parseIsoWeek(week!), { log: () => {} })).counts),
    redisOptions(TEST_REDIS_URL),
    settings,
  );
  const events = new QueueEvents("digest", { connection: redisOptions(TEST_REDIS_URL), prefix });
  try {
    const job = await queues.digest.add("digest", { week: "2025-W25" });
    expect(await job.waitUntilFinished(events, 30_000)).toBe('{"sent":1}');
    expect(sink.received.map((m) => m.envelopeTo[0])).toEqual(["monday@reader.test"]);
  } finally {
    await worker.close();
    await events.close();
  }
}, 60_000);
