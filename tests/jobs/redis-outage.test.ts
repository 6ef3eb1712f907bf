import { spawn, type ChildProcess } from "node:child_process";
import { Queue, type Worker } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { redisOptions } from "../../src/jobs/connection.ts";
import { closeAll, openQueues, type Queues } from "../../src/jobs/queues.ts";
import { startWorkers } from "../../src/jobs/workers.ts";
import { createFetcher } from "../../src/fetch/index.ts";
import { createTestDatabase, waitFor, type TestDatabase } from "../helpers/services.ts";

// bullmq#4585: some releases never resumed a worker after Redis was down for longer than its blocking timeout
// (drainDelay, 5 s). Our own redis-server on a spare port is stopped for longer than that, then started again.

const PORT = 16_379 + Math.floor(Math.random() * 1000);
const url = `redis://127.0.0.1:${PORT}`;
const settings = { prefix: "outage", retryDelayMs: 100, lockDurationMs: 5000, recoveryEveryMs: 60_000 };
let redis: ChildProcess | undefined;
let database: TestDatabase;
let queues: Queues;
let workers: Worker[] = [];
const curated: string[] = [];

async function startRedis(): Promise<void> {
  redis = spawn("redis-server", ["--port", String(PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const probe = new Queue("probe", { connection: redisOptions(url) });
  await probe.waitUntilReady();
  await probe.close();
}

async function stopRedis(): Promise<void> {
  const exited = new Promise((resolve) => redis!.once("exit", resolve));
  redis!.kill("SIGKILL");
  await exited;
}

beforeAll(async () => {
  await startRedis();
  database = await createTestDatabase();
  queues = openQueues(redisOptions(url), settings);
  for (const queue of Object.values(queues)) queue.on("error", () => {}); // the outage is expected here
  const fetcher = createFetcher();
  workers = startWorkers(
    {
      db: database.db,
      fetcher,
      queues,
      source: async (id) => {
        throw new Error(`no source ${id}`);
      },
      pauseAfter: 10,
      curateArticle: async (id) => void curated.push(id),
      reclassify: async () => 0,
    },
    redisOptions(url),
    settings,
  );
  await Promise.all(workers.map((w) => w.waitUntilReady()));
}, 60_000);

afterAll(async () => {
  await closeAll(workers);
  await closeAll(Object.values(queues ?? {}));
  redis?.kill("SIGKILL");
  await database?.drop();
});

it("workers consume again after Redis was down longer than the blocking timeout", async () => {
  await queues["curate-article"].add("curate-article", { articleId: "before" });
  await waitFor(() => curated.includes("before"), 10_000);

  await stopRedis();
  await new Promise((resolve) => setTimeout(resolve, 7000));
  await startRedis();

  await queues["curate-article"].add("curate-article", { articleId: "after" });
  await waitFor(() => curated.includes("after"), 30_000);
  expect(curated).toEqual(["before", "after"]);
}, 60_000);
