// `silkwire retry-failed`: once the cause of a poison article is fixed, the operator hands the articles the pipeline
// gave up on back to it, each to the step that failed, with their restarts counted from zero and their job queued.
import { afterAll, beforeAll, expect, it } from "vitest";
import { redisOptions } from "../../src/jobs/connection.ts";
import { closeAll, jobIds, openQueues, type Queues } from "../../src/jobs/queues.ts";
import { createPipelineSandbox, runCli, TEST_REDIS_URL, type PipelineSandbox } from "../helpers/services.ts";

let sandbox: PipelineSandbox;
let queues: Queues;
const ids: Record<string, string> = {};

const GIVEN_UP = {
  fetch: "fetch failed again after 3 restarts by the recovery sweep; last error: socket hang up",
  curate: "curate failed again after 3 restarts by the recovery sweep; last error: TypeError: x is undefined",
};

beforeAll(async () => {
  sandbox = await createPipelineSandbox(
    `sources:\n  - { id: steppe, name: Steppe, url: "https://steppe.example/feed.xml", type: feed }\n`,
  );
  queues = openQueues(redisOptions(TEST_REDIS_URL), {
    prefix: sandbox.env.SILKWIRE_QUEUE_PREFIX,
    retryDelayMs: 200,
    lockDurationMs: 30_000,
  });
  const { db } = sandbox.database;
  for (const id of ["steppe", "caspian"])
    await db.source.create({ data: { id, name: id, url: `https://${id}.example/feed.xml`, type: "feed" } });
  const article = async (key: string, sourceId: string, data: Record<string, unknown>) => {
    const url = `https://${sourceId}.example/news/${key}`;
    ids[key] = (
      await db.article.create({ data: { url, canonicalKey: url, originalUrl: url, sourceId, title: key, ...data } })
    ).id;
  };
  await article("unfetchable", "steppe", { stage: "failed", failedReason: GIVEN_UP.fetch, recoveries: 3 });
  await article("poison", "steppe", { stage: "failed", failedReason: GIVEN_UP.curate, recoveries: 3 });
  await article("elsewhere", "caspian", { stage: "failed", failedReason: GIVEN_UP.curate, recoveries: 3 });
  await article("fine", "steppe", { stage: "curated" });
}, 60_000);

afterAll(async () => {
  await closeAll(Object.values(queues ?? {}));
  await sandbox?.cleanup();
});

const stored = (key: string) =>
  sandbox.database.db.article.findUniqueOrThrow({
    where: { id: ids[key] },
    select: { stage: true, recoveries: true, failedReason: true },
  });

it("refuses a source it does not know, and a dry run lists what it would hand back without changing anything", async () => {
  const unknown = await runCli(["retry-failed", "--source", "nowhere"], sandbox.env);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('no source with id "nowhere"');

  const dry = await runCli(["retry-failed", "--dry-run"], sandbox.env);
  expect(dry.code, dry.stderr).toBe(0);
  const lines = dry.stdout.trim().split("\n");
  expect(lines.slice(0, -1).map((l) => l.split("\t").slice(0, 3))).toEqual([
    ["steppe", "fetch", "https://steppe.example/news/unfetchable"],
    ["steppe", "curate", "https://steppe.example/news/poison"],
    ["caspian", "curate", "https://caspian.example/news/elsewhere"],
  ]);
  expect(lines.at(-1)).toBe("3 articles given up on would be handed back (dry run: nothing changed)");
  expect(await stored("poison")).toEqual({ stage: "failed", recoveries: 3, failedReason: GIVEN_UP.curate });
  expect(await queues["curate-article"].getJobState(jobIds.curateArticle(ids.poison))).toBe("unknown");
}, 60_000);

it("hands each article back to the step that failed, of the sources asked for, and queues that step's job", async () => {
  const run = await runCli(["retry-failed", "--source", "steppe"], sandbox.env);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toBe("handed back 2 articles: 1 to fetch again, 1 to curate again; their jobs are queued\n");
  expect(await stored("unfetchable")).toEqual({ stage: "listed", recoveries: 0, failedReason: null });
  expect(await stored("poison")).toEqual({ stage: "fetched", recoveries: 0, failedReason: null });
  expect(await stored("elsewhere")).toMatchObject({ stage: "failed", recoveries: 3 });
  expect(await stored("fine")).toMatchObject({ stage: "curated" });
  // No worker runs in this test: the jobs wait for one.
  expect(await queues["fetch-article"].getJobState(jobIds.fetchArticle(ids.unfetchable))).toBe("waiting");
  expect(await queues["curate-article"].getJobState(jobIds.curateArticle(ids.poison))).toBe("waiting");
  expect(await queues["curate-article"].getJobState(jobIds.curateArticle(ids.elsewhere))).toBe("unknown");

  const rest = await runCli(["retry-failed"], sandbox.env);
  expect(rest.stdout).toBe("handed back 1 article: 0 to fetch again, 1 to curate again; their jobs are queued\n");
  const none = await runCli(["retry-failed"], sandbox.env);
  expect([none.code, none.stdout]).toEqual([0, "no articles given up on\n"]);
}, 60_000);
