// `ingest --wait` and `reclassify --wait` wait for jobs through BullMQ's event stream. An event must not be lost
// because the reader had not read yet, and a wait must end even when no event reaches it.
import { Worker, type QueueEvents } from "bullmq";
import { afterAll, expect, it } from "vitest";
import { redisOptions } from "../../src/jobs/connection.ts";
import { addJobs, closeAll, openQueueEvents, openQueues } from "../../src/jobs/queues.ts";
import { waitForJob } from "../../src/jobs/ingest-run.ts";
import { TEST_REDIS_URL, deleteQueueKeys, uniqueQueuePrefix, waitFor } from "../helpers/services.ts";

const connection = redisOptions(TEST_REDIS_URL);
const prefix = uniqueQueuePrefix();
const settings = { prefix, retryDelayMs: 10, lockDurationMs: 30_000 };
const queues = openQueues(connection, settings);
const queue = queues.reclassify;
const closables: Array<{ close(): Promise<unknown> }> = [];

// Reclassify jobs get one attempt, so a thrown error is the job's final failure.
const worker = new Worker(
  "reclassify",
  async (job) => {
    if (job.data.since === "fail") throw new Error("the taxonomy file is gone");
    return { articles: 7 };
  },
  { connection, prefix },
);

afterAll(async () => {
  await closeAll([worker, ...closables, ...Object.values(queues)]);
  await deleteQueueKeys(prefix);
});

async function openEvents(autorun: boolean): Promise<QueueEvents> {
  const events = await openQueueEvents(queues, connection, settings, { autorun });
  closables.push(...Object.values(events));
  return events.reclassify;
}

async function finished(jobId: string): Promise<void> {
  await waitFor(async () => ["completed", "failed"].includes(await queue.getJobState(jobId)), 10_000);
}

it("hears a job that ended after the events were opened but before their reader first read", async () => {
  // An earlier job's events are in the stream already: the reader must start after them, not at the beginning.
  await addJobs(queues, "reclassify", [{ jobId: "earlier", data: {} }]);
  await finished("earlier");
  const events = await openEvents(false);
  await addJobs(queues, "reclassify", [{ jobId: "quick", data: {} }]);
  await finished("quick");

  const heard: string[] = [];
  events.on("completed", ({ jobId }) => heard.push(jobId));
  void events.run();
  await waitFor(async () => heard.includes("quick"), 10_000);
  expect(heard).toEqual(["quick"]);
});

it("ends a wait with the job's result or failure even when no event arrives", async () => {
  const silent = await openEvents(false); // never read: only the wait's own checks can see the job end
  await addJobs(queues, "reclassify", [
    { jobId: "fine", data: {} },
    { jobId: "broken", data: { since: "fail" } },
  ]);
  const started = Date.now();
  const [fine, broken, missing] = await Promise.all([
    waitForJob(queue, silent, "fine", 200),
    waitForJob(queue, silent, "broken", 200),
    waitForJob(queue, silent, "never-added", 200),
  ]);
  expect(fine).toEqual({ result: { articles: 7 } });
  expect(broken).toEqual({ error: "the taxonomy file is gone" });
  expect(missing).toEqual({});
  expect(Date.now() - started).toBeLessThan(5_000);
});

it("ends a wait by the job's event long before the next check", async () => {
  const events = await openEvents(true);
  await worker.pause();
  await addJobs(queues, "reclassify", [{ jobId: "heard", data: {} }]);
  const waiting = waitForJob(queue, events, "heard", 60_000); // its first check finds the job waiting
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = Date.now();
  worker.resume();
  expect(await waiting).toEqual({ result: { articles: 7 } });
  expect(Date.now() - started).toBeLessThan(10_000);
});
