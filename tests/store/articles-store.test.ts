// The recovery sweep's batches: bounded per source, and rotating, so rows that stay stuck cannot starve others;
// its restarts counted apart from the batches, and articles it gives up on left alone by later sweeps.
import { beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/services.ts";
import {
  countRestarts,
  getArticleToFetch,
  markArticlesFailed,
  saveArticlePage,
  takeUnfinishedArticles,
} from "../../src/store/articles-store.ts";

const test = useTestDatabase();

beforeEach(async () => {
  await test.db.source.deleteMany();
  for (const id of ["busy", "quiet"])
    await test.db.source.create({ data: { id, name: id, url: `https://${id}.example/`, type: "feed" } });
});

async function store(sourceId: string, n: number, stage: "listed" | "fetched" | "curated" = "listed") {
  await test.db.article.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      url: `https://${sourceId}.example/${stage}/${i}`,
      canonicalKey: `https://${sourceId}.example/${stage}/${i}`,
      originalUrl: `https://${sourceId}.example/${stage}/${i}`,
      sourceId,
      title: `${i}`,
      stage,
      extractStatus: stage === "listed" ? ("pending" as const) : ("ok" as const),
    })),
  });
}

describe("takeUnfinishedArticles", () => {
  it("takes at most the batch size of each source and skips finished articles", async () => {
    await store("busy", 10);
    await store("quiet", 2, "fetched");
    await store("quiet", 5, "curated");
    const batch = await takeUnfinishedArticles(test.db, { perSource: 3, now: new Date() });
    expect(batch.filter((r) => r.stage === "listed")).toHaveLength(3);
    expect(batch.filter((r) => r.stage === "fetched")).toHaveLength(2);
  });

  it("gives every unfinished article its turn, the least recently recovered first", async () => {
    await store("busy", 7);
    const seen = new Set<string>();
    for (let sweep = 0; sweep < 3; sweep++) {
      const batch = await takeUnfinishedArticles(test.db, {
        perSource: 3,
        now: new Date(Date.UTC(2026, 0, sweep + 1)),
      });
      batch.forEach((r) => seen.add(r.id));
    }
    expect(seen.size).toBe(7);
    // Taking an article is not restarting its work: most of a batch merely waits for its job.
    expect(await test.db.article.aggregate({ _sum: { recoveries: true } })).toEqual({ _sum: { recoveries: 0 } });
  });

  it("returns each article's restarts so far, counted by countRestarts", async () => {
    await store("busy", 2);
    const [first, second] = await takeUnfinishedArticles(test.db, { perSource: 2, now: new Date() });
    await countRestarts(test.db, [first.id]);
    await countRestarts(test.db, [first.id]);
    const again = await takeUnfinishedArticles(test.db, { perSource: 2, now: new Date() });
    expect(Object.fromEntries(again.map((r) => [r.id, r.recoveries]))).toEqual({ [first.id]: 2, [second.id]: 0 });
  });

  it("no longer takes an article given up on, and gives up only on one still in the stage seen", async () => {
    await store("busy", 1);
    await store("busy", 1, "fetched");
    const batch = await takeUnfinishedArticles(test.db, { perSource: 2, now: new Date() });
    const [listed, fetched] = ["listed", "fetched"].map((stage) => batch.find((r) => r.stage === stage)!);
    await test.db.article.update({ where: { id: fetched.id }, data: { stage: "curated" } }); // its job got there
    const failed = await markArticlesFailed(test.db, [
      { id: listed.id, stage: "listed", reason: "fetch failed again after 3 restarts" },
      { id: fetched.id, stage: "fetched", reason: "curate failed again after 3 restarts" },
    ]);
    expect(failed).toEqual([listed.id]);
    const rows = await test.db.article.findMany();
    const given = rows.find((r) => r.id === listed.id)!;
    expect(given).toMatchObject({ stage: "failed", failedReason: expect.stringMatching(/fetch failed/) });
    // `silkwire status` lists the most recent failures first, by this.
    expect(given.updatedAt.getTime()).toBeGreaterThan(given.createdAt.getTime());
    expect(rows.find((r) => r.id === fetched.id)).toMatchObject({ stage: "curated", failedReason: null });
    expect(await takeUnfinishedArticles(test.db, { perSource: 10, now: new Date() })).toEqual([]);
  });

  it("limits itself to the given sources", async () => {
    await store("busy", 2);
    await store("quiet", 2);
    const batch = await takeUnfinishedArticles(test.db, { perSource: 10, sourceIds: ["quiet"], now: new Date() });
    expect(batch).toHaveLength(2);
  });
});

describe("saveArticlePage", () => {
  it("stores a listed article's page once; a late second run of the job leaves a curated article curated", async () => {
    await store("busy", 1);
    const [{ id }] = await test.db.article.findMany({ select: { id: true } });
    expect(await saveArticlePage(test.db, id, { extractStatus: "ok", text: "first run" })).toBe(true);
    await test.db.article.update({ where: { id }, data: { stage: "curated" } }); // as curation leaves it
    expect(await saveArticlePage(test.db, id, { extractStatus: "ok", text: "late run" })).toBe(false);
    expect(await test.db.article.findUnique({ where: { id }, select: { stage: true, text: true } })).toEqual({
      stage: "curated",
      text: "first run",
    });
  });

  it("writes the statuses whose stored spelling has a hyphen, and leaves the fields it is not given", async () => {
    await store("busy", 2);
    const [a, b] = (await test.db.article.findMany({ select: { id: true }, orderBy: { url: "asc" } })).map((r) => r.id);
    await test.db.article.update({ where: { id: a }, data: { author: "A. Writer", summary: "The feed's teaser." } });
    await test.db.$executeRaw`UPDATE "Article" SET "updatedAt" = '2000-01-01'`;
    await saveArticlePage(test.db, a, { extractStatus: "fetch-failed", text: "The feed's teaser." });
    await saveArticlePage(test.db, b, { extractStatus: "no-article", extractError: "nesting deeper than 512" });
    expect(await getArticleToFetch(test.db, a)).toMatchObject({
      stage: "fetched",
      extractStatus: "fetch-failed",
      author: "A. Writer",
      text: "The feed's teaser.",
    });
    const stored = await test.db.article.findUniqueOrThrow({ where: { id: b } });
    expect(stored).toMatchObject({ extractStatus: "no_article", extractError: "nesting deeper than 512", text: null });
    expect(stored.updatedAt.getTime()).toBeGreaterThan(Date.now() - 60_000); // as Prisma's @updatedAt would
  });

  it("stores every field of an extracted page, dates in UTC", async () => {
    await store("busy", 1);
    const [{ id }] = await test.db.article.findMany({ select: { id: true } });
    const page = {
      extractStatus: "ok" as const,
      title: "Khorgos dry port doubles its throughput",
      author: "Staff",
      publishedAt: new Date("2026-03-01T23:15:00.000Z"),
      modifiedAt: new Date("2026-03-02T08:00:00.000Z"),
      language: "en",
      text: "Full text.",
      html: "<p>Full text.</p>",
      image: "https://busy.example/khorgos.jpg",
      siteName: "Busy",
    };
    expect(await saveArticlePage(test.db, id, page)).toBe(true);
    const { extractStatus, ...fields } = page;
    expect(await test.db.article.findUniqueOrThrow({ where: { id } })).toMatchObject({ ...fields, extractStatus });
  });
});

describe("the search document of an article", () => {
  const documentOf = async (id: string) =>
    (
      await test.db.$queryRaw<Array<{ document: string; version: string }>>`
        SELECT document::text AS document, xmin::text AS version FROM "ArticleSearch" WHERE "articleId" = ${id}::uuid`
    )[0];

  it("follows the title and text, and is not rewritten by the pipeline's other updates", async () => {
    await store("busy", 1);
    const [{ id }] = await test.db.article.findMany({ select: { id: true } });
    await test.db.article.update({ where: { id }, data: { title: "Khorgos dry port" } });
    expect((await documentOf(id)).document).toContain("'khorgos'");
    await saveArticlePage(test.db, id, { extractStatus: "ok", text: "Rail freight through Altynkol doubled." });
    const afterPage = await documentOf(id);
    expect(afterPage.document).toContain("'altynkol'");
    expect(afterPage.document).toContain("'khorgos'");
    // Classification, story moves and stamps leave title and text alone: the document stays the same row version.
    await test.db
      .$executeRaw`UPDATE "Article" SET stage = 'curated', relevant = true, "curatedXid" = 1 WHERE id = ${id}::uuid`;
    expect((await documentOf(id)).version).toBe(afterPage.version);
    await test.db.article.delete({ where: { id } });
    expect(await documentOf(id)).toBeUndefined();
  });
});

describe("the candidate keys of an article", () => {
  const keysOf = async (id: string) =>
    (
      await test.db.$queryRaw<
        Array<{ publishedAt: Date | null; storyKeyHashes: number[]; bandHashes: number[]; version: string }>
      >`SELECT "publishedAt", "storyKeyHashes", "bandHashes", xmin::text AS version
          FROM "ArticleKeys" WHERE "articleId" = ${id}::uuid`
    )[0];

  it("follow the date, story keys and bands, and are not rewritten by the pipeline's other updates", async () => {
    await store("busy", 1);
    const [{ id }] = await test.db.article.findMany({ select: { id: true } });
    expect(await keysOf(id)).toMatchObject({ storyKeyHashes: [], bandHashes: [] });
    const publishedAt = new Date("2026-03-01T23:15:00.000Z");
    await saveArticlePage(test.db, id, { extractStatus: "ok", text: "Rail freight.", publishedAt });
    expect((await keysOf(id)).publishedAt).toEqual(publishedAt);
    await test.db.$executeRaw`UPDATE "Article" SET "storyKeys" = ARRAY['@KZ', 'altynkol'], "bandHashes" = ARRAY[-5, 7]
                               WHERE id = ${id}::uuid`;
    const indexed = await keysOf(id);
    const [{ hashes }] = await test.db.$queryRaw<Array<{ hashes: number[] }>>`
      SELECT story_key_hashes(ARRAY['@KZ', 'altynkol']) AS hashes`;
    expect(indexed).toMatchObject({ storyKeyHashes: hashes, bandHashes: [-5, 7] });
    expect(hashes).toHaveLength(2);
    // Story moves, stamps and a classification that keeps the keys leave the row as it is.
    await test.db.$executeRaw`UPDATE "Article" SET stage = 'curated', relevant = true, "curatedXid" = 1,
                               "storyKeys" = ARRAY['@KZ', 'altynkol'] WHERE id = ${id}::uuid`;
    expect((await keysOf(id)).version).toBe(indexed.version);
    await test.db.article.delete({ where: { id } });
    expect(await keysOf(id)).toBeUndefined();
  });
});
