import { afterAll, expect, it } from "vitest";
import { syncPollSchedules } from "../../src/jobs/scheduler.ts";
import { closeAll, openQueues } from "../../src/jobs/queues.ts";
import { redisOptions } from "../../src/jobs/connection.ts";
import type { SourceConfig } from "../../src/model.ts";
import { TEST_REDIS_URL, deleteQueueKeys, uniqueQueuePrefix } from "../helpers/services.ts";

const prefix = uniqueQueuePrefix();
const queues = openQueues(redisOptions(TEST_REDIS_URL), {
  prefix,
  retryDelayMs: 1000,
  lockDurationMs: 30_000,
  recoveryEveryMs: 60_000,
});

afterAll(async () => {
  await closeAll(Object.values(queues));
  await deleteQueueKeys(prefix);
});

const source = (id: string, enabled = true): SourceConfig => ({
  id,
  name: id,
  url: `https://${id}.example/feed`,
  type: "feed",
  everyMs: 900_000,
  enabled,
  fullText: false,
  fullTextAuto: true,
  include: [],
  exclude: [],
  line: 1,
});

it("keeps one scheduler per enabled source across restarts and removes those that left the config", async () => {
  await syncPollSchedules(queues, [source("a"), source("b"), source("c", false)]);
  await syncPollSchedules(queues, [source("a"), source("b"), source("c", false)]); // a restart
  const keys = async () => (await queues["poll-source"].getJobSchedulers(0, -1)).map((s) => s.key).sort();
  expect(await keys()).toEqual(["source-a", "source-b"]);
  const scheduler = await queues["poll-source"].getJobScheduler("source-a");
  expect(scheduler?.every).toBe(900_000);

  expect(await syncPollSchedules(queues, [source("b")])).toEqual({ scheduled: 1, upserted: 0, removed: 1 });
  expect(await keys()).toEqual(["source-b"]);

  // A scheduler lost from Redis is written again; one still there is left alone (cheap to run every 30 s).
  await queues["poll-source"].removeJobScheduler("source-b");
  expect(await syncPollSchedules(queues, [source("b")])).toEqual({ scheduled: 1, upserted: 1, removed: 0 });
  expect(await keys()).toEqual(["source-b"]);
});
