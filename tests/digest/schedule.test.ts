// The digest is scheduled by a BullMQ job scheduler (cron in the digest's time zone), and its job sends the week.
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { redisOptions } from "../../src/jobs/connection.ts";
import { startDigestWorker, syncDigestSchedule } from "../../src/jobs/digest-schedule.ts";
import { closeAll, openQueueEvents, openQueues } from "../../src/jobs/queues.ts";
import { waitForJob } from "../../src/jobs/ingest-run.ts";
import { parseIsoWeek } from "../../src/digest/week.ts";
import { loadDigestContext, sendWeek } from "../../src/mail/weekly-digest.ts";
import { deleteQueueKeys, PROJECT_ROOT, TEST_REDIS_URL, uniqueQueuePrefix } from "../helpers/services.ts";
import { createDigestSandbox, type DigestSandbox } from "./digest-sandbox.ts";

const prefix = uniqueQueuePrefix();
const settings = { prefix, retryDelayMs: 1000, lockDurationMs: 30_000 };
const queues = openQueues(redisOptions(TEST_REDIS_URL), settings);
let sandbox: DigestSandbox;

beforeAll(async () => {
  sandbox = await createDigestSandbox("subscribers:\n  - email: monday@reader.test\n");
}, 60_000);

afterAll(async () => {
  await closeAll(Object.values(queues));
  await deleteQueueKeys(prefix);
  await sandbox.cleanup();
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
  const env = { ...process.env, ...sandbox.env };
  const ctx = loadDigestContext(
    sandbox.database.db,
    sandbox.database.url,
    path.join(PROJECT_ROOT, "config/taxonomy.yaml"),
    env,
  );
  const worker = startDigestWorker(
    async (week) => JSON.stringify((await sendWeek(ctx, parseIsoWeek(week!), { log: () => {} })).counts),
    redisOptions(TEST_REDIS_URL),
    settings,
  );
  // Opened before the job is added, so its end cannot be missed however quickly it comes (see openQueueEvents).
  const events = await openQueueEvents(queues, redisOptions(TEST_REDIS_URL), settings);
  try {
    const job = await queues.digest.add("digest", { week: "2025-W25" });
    expect(await waitForJob(queues.digest, events.digest, job.id!)).toEqual({ result: '{"sent":1}' });
    expect(sandbox.sink.received.map((m) => m.envelopeTo[0])).toEqual(["monday@reader.test"]);
  } finally {
    await worker.close();
    await closeAll(Object.values(events));
  }
}, 60_000);
