import { afterAll, beforeAll, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server.ts";
import { createPipelineSandbox, runCli, type PipelineSandbox, type TestDatabase } from "../helpers/services.ts";
import { outletFeeds } from "../fixtures/syndication.ts";

// Story clustering through the real pipeline: feeds served locally, `silkwire ingest --wait`, Postgres, Redis.

let server: FixtureServer;
const sandboxes: PipelineSandbox[] = [];
const OUTLETS = ["xinhua-wire", "steppe-daily", "caspian-courier", "silk-review"];

beforeAll(async () => {
  server = await startFixtureServer();
  for (const [outlet, xml] of Object.entries(outletFeeds(server.url)))
    server.routes.set(`/${outlet}.xml`, { headers: { "content-type": "application/rss+xml" }, body: xml });
});

afterAll(async () => {
  await server?.close();
  for (const sandbox of sandboxes) await sandbox.cleanup();
});

/** Ingests the outlets in the given order of batches into a fresh database; returns the story partition. */
async function ingestInBatches(batches: string[][]): Promise<{ database: TestDatabase; partition: string[][] }> {
  const sources = OUTLETS.map(
    (id) => `  - { id: ${id}, name: ${id}, url: "${server.url}/${id}.xml", type: feed }`,
  ).join("\n");
  const sandbox = await createPipelineSandbox(
    `allowPrivateNetworks: true\nfetch: { perHostDelay: 0ms }\nsources:\n${sources}\n`,
  );
  sandboxes.push(sandbox);
  const { database, env } = sandbox;
  for (const batch of batches) {
    const run = await runCli(["ingest", "--wait", ...batch.flatMap((id) => ["--source", id])], env, 90_000);
    expect(run.code, run.stdout + run.stderr).toBe(0);
  }
  const articles = await database.db.article.findMany({ select: { url: true, storyId: true } });
  const byStory = new Map<string, string[]>();
  for (const a of articles)
    byStory.set(a.storyId ?? `none:${a.url}`, [
      ...(byStory.get(a.storyId ?? `none:${a.url}`) ?? []),
      new URL(a.url).pathname,
    ]);
  return {
    database,
    partition: [...byStory.values()].map((urls) => urls.sort()).sort((a, b) => a[0].localeCompare(b[0])),
  };
}

it("groups a syndicated story into one story, keeps look-alikes apart, whatever the processing order", async () => {
  const together = await ingestInBatches([OUTLETS]);
  expect(together.partition).toEqual([
    ["/caspian-courier/mou-yangtze-storage"],
    ["/caspian-courier/trimmed-xian-aktau", "/steppe-daily/reprint-xian-aktau", "/xinhua-wire/wire-xian-aktau"],
    ["/silk-review/leaders-december"],
    ["/steppe-daily/leaders-november"],
    ["/xinhua-wire/mou-sunrise-solar"],
  ]);

  const story = await together.database.db.story.findFirstOrThrow({ where: { articleCount: 3 } });
  expect(story.outletCount).toBe(3);
  const representative = await together.database.db.article.findUniqueOrThrow({
    where: { id: story.representativeArticleId! },
  });
  expect(representative.sourceId).toBe("xinhua-wire");
  expect(story.countries).toEqual(expect.arrayContaining(["CN", "KZ"]));

  const reversed = await ingestInBatches([...OUTLETS].reverse().map((id) => [id]));
  expect(reversed.partition).toEqual(together.partition);
}, 180_000);
