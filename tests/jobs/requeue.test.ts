// A job whose deterministic id belongs to a job that used up its retries must run again when it is re-enqueued;
// BullMQ alone would ignore the add for as long as it keeps the failed job (7 days here).
import { Worker } from "bullmq";
import { afterAll, expect, it } from "vitest";
import { redisOptions } from "../../src/jobs/connection.ts";
import { addJobs, closeAll, openQueues, jobIds } from "../../src/jobs/queues.ts";
import { scheduleRecovery } from "../../src/jobs/recovery-schedule.ts";
import { TEST_REDIS_URL, deleteQueueKeys, uniqueQueuePrefix, waitFor } from "../helpers/services.ts";

const prefix = uniqueQueuePrefix();
const settings = { prefix, retryDelayMs: 10, lockDurationMs: 30_000, recoveryEveryMs: 60_000 };
const queues = openQueues(redisOptions(TEST_REDIS_URL), settings);
let databaseDown = true;
const done: string[] = [];
const worker = new Worker(
  "curate-article",
  async (job) => {
    if (databaseDown) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    done.push(job.data.articleId);
  },
  { connection: redisOptions(TEST_REDIS_URL), prefix },
);

afterAll(async () => {
  await closeAll([worker, ...Object.values(queues)]);
  await deleteQueueKeys(prefix);
});

it("runs a job again when its id is re-enqueued after it used up its retries", async () => {
  const job = { data: { articleId: "a1" }, jobId: jobIds.curateArticle("a1") };
  await addJobs(queues, "curate-article", [job]);
  const queue = queues["curate-article"];
  await waitFor(async () => (await queue.getJobState(job.jobId)) === "failed", 10_000);
  expect((await queue.getJob(job.jobId))?.attemptsMade).toBe(3);

  databaseDown = false;
  await addJobs(queues, "curate-article", [job]);
  await waitFor(async () => (await queue.getJobState(job.jobId)) === "completed", 10_000);
  expect(done).toEqual(["a1"]);
});

it("leaves a completed job alone unless the caller asks to revive completed ones", async () => {
  databaseDown = false;
  const job = { data: { articleId: "b1" }, jobId: jobIds.curateArticle("b1") };
  const queue = queues["curate-article"];
  await addJobs(queues, "curate-article", [job]);
  await waitFor(async () => (await queue.getJobState(job.jobId)) === "completed", 10_000);
  await addJobs(queues, "curate-article", [job]); // a duplicate delivery: nothing to do
  expect(await queue.getJobState(job.jobId)).toBe("completed");
  expect(done.filter((id) => id === "b1")).toHaveLength(1);

  await addJobs(queues, "curate-article", [job], ["failed", "completed"]);
  await waitFor(() => done.filter((id) => id === "b1").length === 2, 10_000);
});

it("retries a recovery sweep that failed (a Postgres restart), and upgrades a schedule written with one attempt", async () => {
  const queue = queues["recover-articles"];
  // As an older release wrote it: one attempt, so a sweep that met a restart stayed failed until the next one.
  await queue.upsertJobScheduler(
    "recover-articles",
    { every: 60_000 },
    { name: "recover-articles", opts: { attempts: 1 } },
  );
  expect((await queue.getJobScheduler("recover-articles"))?.template?.opts?.attempts).toBe(1);
  await scheduleRecovery(queues, 60_000);
  expect((await queue.getJobScheduler("recover-articles"))?.template?.opts?.attempts).toBe(3);
  await queue.removeJobScheduler("recover-articles");

  const runs: string[] = [];
  const sweeper = new Worker(
    "recover-articles",
    async (job) => {
      runs.push(job.id!);
      if (job.attemptsMade === 0) throw new Error("Connection terminated unexpectedly");
    },
    { connection: redisOptions(TEST_REDIS_URL), prefix },
  );
  try {
    const [job] = await queue.addBulk([{ name: "recover-articles", data: {}, opts: { jobId: "sweep-1" } }]);
    await waitFor(async () => (await queue.getJobState(job.id!)) === "completed", 10_000);
    expect(runs.filter((id) => id === "sweep-1")).toHaveLength(2);
  } finally {
    await sweeper.close();
  }
});
