// The recovery sweep through the real workers, on real Postgres and Redis: an article whose curation throws every
// time is given up on after MAX_RESTARTS restarts, with a reason an operator can read, and is not swept again;
// articles whose job is still queued or running are left alone and not counted; a job that failed because
// Postgres could not be reached is restarted without counting, however often it happened.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addJobs, jobIds, type Queues } from "../../src/jobs/queues.ts";
import { createDb, type Db } from "../../src/store/client.ts";
import { MAX_RESTARTS, recoveryAction } from "../../src/ingest/recover-articles.ts";
import { isOutageFailure } from "../../src/ingest/outage-errors.ts";
import { createTestDatabase, uniqueQueuePrefix, waitFor, type TestDatabase } from "../helpers/services.ts";
import { startJobWorkers, type JobWorkers } from "../helpers/job-workers.ts";

const settings = { prefix: uniqueQueuePrefix(), retryDelayMs: 10, lockDurationMs: 30_000 };
let database: TestDatabase;
let jobWorkers: JobWorkers | undefined;
let queues: Queues;
/** Nothing listens on port 1: queries through this client fail as they do while Postgres is down. */
const unreachable: Db = createDb("postgresql://postgres@127.0.0.1:1/silkwire", 1);
const curations = new Map<string, number>();
/** Articles whose curation throws a bug of its own, or cannot reach Postgres, or is held until released. */
const poison = new Set<string>();
const behindOutage = new Set<string>();
const held = new Map<string, Promise<void>>();

async function curate(db: Db, articleId: string): Promise<void> {
  curations.set(articleId, (curations.get(articleId) ?? 0) + 1);
  if (poison.has(articleId)) throw new TypeError(`Cannot read properties of undefined (reading 'text')`);
  if (behindOutage.has(articleId)) await unreachable.article.count();
  await held.get(articleId);
  await db.article.update({ where: { id: articleId }, data: { stage: "curated" } });
}

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.source.create({
    data: { id: "steppe", name: "Steppe", url: "https://steppe.example/", type: "feed" },
  });
  jobWorkers = await startJobWorkers(database.db, settings, { curateArticle: (id) => curate(database.db, id) });
  queues = jobWorkers.queues;
}, 60_000);

afterAll(async () => {
  await jobWorkers?.close();
  await unreachable.$disconnect();
  await database?.drop();
});

beforeEach(async () => {
  await database.db.article.deleteMany();
});

let articleCount = 0;
/** A fetched article (text complete, waiting to be curated); enqueueing its curation is up to the test. */
async function fetchedArticle(): Promise<string> {
  const url = `https://steppe.example/news/${++articleCount}`;
  const { id } = await database.db.article.create({
    data: { url, canonicalKey: url, originalUrl: url, sourceId: "steppe", title: url, stage: "fetched" },
  });
  return id;
}

const enqueueCuration = (id: string) =>
  addJobs(queues, "curate-article", [{ data: { articleId: id }, jobId: jobIds.curateArticle(id) }]);
const curateState = (id: string) => queues["curate-article"].getJobState(jobIds.curateArticle(id));
const article = (id: string) => database.db.article.findUniqueOrThrow({ where: { id } });

let sweeps = 0;
/** One run of the recovery sweep through its queue, as the schedule starts it; returns the job's result. */
async function sweep(): Promise<{ articles: number; articlesFailed: number; followUps: unknown[] }> {
  const job = await queues["recover-articles"].add("recover-articles", {}, { jobId: `recover-test-${++sweeps}` });
  await waitFor(async () => ["completed", "failed"].includes(await job.getState()), 10_000);
  const done = await queues["recover-articles"].getJob(job.id!);
  expect(done?.failedReason).toBeUndefined();
  return done!.returnvalue;
}

describe("the recovery sweep", () => {
  it("gives up on an article whose curation throws every time, says why, and leaves it alone afterwards", async () => {
    const id = await fetchedArticle();
    poison.add(id);
    await enqueueCuration(id);
    await waitFor(async () => (await curateState(id)) === "failed", 10_000);

    for (let restart = 1; restart <= MAX_RESTARTS; restart++) {
      expect(await sweep()).toMatchObject({ articles: 1, articlesFailed: 0 });
      await waitFor(
        async () => curations.get(id) === 3 * (restart + 1) && (await curateState(id)) === "failed",
        10_000,
      );
      expect(await article(id)).toMatchObject({ stage: "fetched", recoveries: restart });
    }
    expect(await sweep()).toMatchObject({ articles: 0, articlesFailed: 1 });
    const given = await article(id);
    expect(given).toMatchObject({ stage: "failed", recoveries: MAX_RESTARTS });
    expect(given.failedReason).toBe(
      `curate failed again after 3 restarts by the recovery sweep; last error: ` +
        `Cannot read properties of undefined (reading 'text')`,
    );

    const attempts = curations.get(id);
    expect(await sweep()).toMatchObject({ articles: 0, articlesFailed: 0, followUps: [] });
    await new Promise((resolve) => setTimeout(resolve, 300)); // a revived job would have run by now
    expect(curations.get(id)).toBe(attempts);
    expect(await curateState(id)).toBe("failed");
    expect((await article(id)).stage).toBe("failed");
  });

  it("leaves articles whose job is delayed or running uncounted, and follows them for `ingest --wait`", async () => {
    const [delayed, running] = [await fetchedArticle(), await fetchedArticle()];
    await queues["curate-article"].add(
      "curate-article",
      { articleId: delayed },
      { jobId: jobIds.curateArticle(delayed), delay: 60_000 },
    );
    let release = () => {};
    held.set(running, new Promise<void>((resolve) => (release = resolve)));
    await enqueueCuration(running);
    await waitFor(async () => (await curateState(running)) === "active", 10_000);

    for (let i = 0; i < MAX_RESTARTS + 2; i++) {
      const result = await sweep();
      expect(result).toMatchObject({ articles: 0, articlesFailed: 0 });
      expect(result.followUps).toHaveLength(2);
    }
    expect(await curateState(delayed)).toBe("delayed");
    expect(await curateState(running)).toBe("active");
    expect(await article(delayed)).toMatchObject({ stage: "fetched", recoveries: 0 });
    expect(await article(running)).toMatchObject({ stage: "fetched", recoveries: 0 });

    release();
    await waitFor(async () => (await article(running)).stage === "curated", 10_000);
    expect(curations.get(running)).toBe(1);
    await queues["curate-article"].remove(jobIds.curateArticle(delayed));
  });

  it("restarts, uncounted, a job that failed as Postgres was unreachable; the article ends curated", async () => {
    const id = await fetchedArticle();
    // Already restarted as often as allowed: one counted failure more would give up on it.
    await database.db.article.update({ where: { id }, data: { recoveries: MAX_RESTARTS } });
    behindOutage.add(id);
    await enqueueCuration(id);
    await waitFor(async () => (await curateState(id)) === "failed", 10_000);
    const failed = await queues["curate-article"].getJob(jobIds.curateArticle(id));
    expect(failed?.failedReason).toMatch(/Can't reach database server/);

    for (let outage = 1; outage <= 2; outage++) {
      expect(await sweep()).toMatchObject({ articles: 1, articlesFailed: 0 });
      await waitFor(async () => curations.get(id) === 3 * (outage + 1) && (await curateState(id)) === "failed", 10_000);
    }
    expect(await article(id)).toMatchObject({ stage: "fetched", recoveries: MAX_RESTARTS });

    behindOutage.delete(id); // Postgres is back
    expect(await sweep()).toMatchObject({ articles: 1, articlesFailed: 0 });
    await waitFor(async () => (await article(id)).stage === "curated", 10_000);
    expect((await article(id)).failedReason).toBeNull();
  });

  it("enqueues an article whose job is gone, counting it as a restart", async () => {
    const id = await fetchedArticle(); // stored, but its job never reached Redis
    expect(await sweep()).toMatchObject({ articles: 1, articlesFailed: 0 });
    await waitFor(async () => (await article(id)).stage === "curated", 10_000);
    expect((await article(id)).recoveries).toBe(1);
  });
});

describe("recoveryAction", () => {
  const failed = (reason: string) => ({ state: "failed" as const, reason });

  it("waits for a job still to run, whatever the count", () => {
    expect(recoveryAction(MAX_RESTARTS, { state: "in-flight" })).toEqual({ action: "wait" });
  });

  it("restarts a failed, completed or missing job and counts it, until the restarts are used up", () => {
    expect(recoveryAction(0, failed("boom"))).toEqual({ action: "restart", counted: true });
    expect(recoveryAction(MAX_RESTARTS - 1, failed("boom"))).toEqual({ action: "restart", counted: true });
    expect(recoveryAction(MAX_RESTARTS, failed("boom"))).toEqual({ action: "give up", lastError: "boom" });
    expect(recoveryAction(MAX_RESTARTS, { state: "completed" })).toEqual({ action: "restart", counted: true });
    expect(recoveryAction(MAX_RESTARTS, { state: "missing" })).toEqual({ action: "restart", counted: true });
  });

  it("never counts nor gives up after a failure to reach Postgres or Redis", () => {
    for (const reason of [
      "\nInvalid `prisma.article.count()` invocation:\n\n\nCan't reach database server at 127.0.0.1:5432",
      "terminating connection due to administrator command",
      "Connection terminated unexpectedly",
      "timeout exceeded when trying to connect",
      "Connection is closed.",
      "connect ECONNREFUSED 127.0.0.1:6379",
      "getaddrinfo ENOTFOUND postgres",
    ]) {
      expect(isOutageFailure(reason), reason).toBe(true);
      expect(recoveryAction(MAX_RESTARTS + 5, failed(reason))).toEqual({ action: "restart", counted: false });
    }
    expect(isOutageFailure("Cannot read properties of undefined (reading 'text')")).toBe(false);
  });
});
