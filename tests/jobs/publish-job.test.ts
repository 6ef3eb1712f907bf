// Feeds are rebuilt by a debounced job shortly after stories land: many requests, one rebuild, files on disk.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createTestDatabase,
  deleteQueueKeys,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
  waitFor,
  type TestDatabase,
} from "../helpers/services.ts";
import { seedStories } from "../helpers/seed-stories.ts";
import { HOSTILE, THREE_COPIES } from "../publish/fixtures/stories.ts";
import { closeAll, DEFAULT_QUEUE_SETTINGS, openQueues, type Queues } from "../../src/jobs/queues.ts";
import { redisOptions } from "../../src/jobs/connection.ts";
import { publishFeedsProcessor, requestFeedRebuild } from "../../src/jobs/publish-job.ts";
import { parseFeedsConfig } from "../../src/config/feeds.ts";
import { writeAllFeeds, type PublishContext } from "../../src/feeds/build-feeds.ts";

const prefix = uniqueQueuePrefix();
const connection = redisOptions(TEST_REDIS_URL);
let test: TestDatabase;
let queues: Queues;
let worker: Worker | undefined;
let publicDir: string;
let builds = 0;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedStories(test.db, [THREE_COPIES]);
  queues = openQueues(connection, { ...DEFAULT_QUEUE_SETTINGS, prefix });
  publicDir = mkdtempSync(path.join(tmpdir(), "silkwire-public-"));
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await closeAll(Object.values(queues ?? {}));
  await deleteQueueKeys(prefix);
  rmSync(publicDir, { recursive: true, force: true });
  await test?.drop();
});

it("turns a burst of rebuild requests into one rebuild that writes the feeds, and rebuilds again for later stories", async () => {
  const context: PublishContext = {
    db: test.db,
    config: parseFeedsConfig("defaults: { topics: false, countries: false }\n", "feeds.yaml", {
      topics: [],
      countries: [],
    }),
    labels: {},
    publicUrl: "https://news.example.org",
  };
  for (let i = 0; i < 5; i++) await requestFeedRebuild(queues, "curated", 300);
  expect(await queues["publish-feeds"].getJobCounts("delayed", "waiting")).toEqual({ delayed: 1, waiting: 0 });

  const build = async () => {
    builds++;
    return writeAllFeeds(context, publicDir);
  };
  worker = new Worker("publish-feeds", publishFeedsProcessor(build), { connection, prefix });
  const atom = path.join(publicDir, "feeds", "all.atom");
  await waitFor(() => existsSync(atom), 20_000);
  expect(readFileSync(atom, "utf8")).toContain(THREE_COPIES.id);
  await waitFor(async () => (await queues["publish-feeds"].getJobCounts("completed")).completed === 1, 10_000);
  expect(builds).toBe(1);

  await seedStories(test.db, [HOSTILE]);
  await requestFeedRebuild(queues, "curated", 50);
  await waitFor(() => readFileSync(atom, "utf8").includes(HOSTILE.id!), 20_000);
  expect(builds).toBe(2);
});
