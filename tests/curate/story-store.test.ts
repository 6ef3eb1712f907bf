// Story assignment against a real Postgres database of its own (created, migrated and dropped here).
import { beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/services.ts";
import {
  analyzeIfStale,
  bandKeysOf,
  CandidateRowCache,
  PgStoryStore,
  isNeglected,
  storyIdOf,
  vacuumIfNeglected,
} from "../../src/store/story-store.ts";
import { PgCurateStore } from "../../src/store/curation-store.ts";
import { curateArticle } from "../../src/ingest/curate-article.ts";
import { reclassifyArticles } from "../../src/ingest/reclassify.ts";
import { saveArticlePage } from "../../src/store/articles-store.ts";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";
import { createCurateContext } from "../../src/curate/curate-context.ts";
import { fingerprintOf, storyKeysOf } from "../../src/curate/article-fingerprint.ts";
import { composeCandidates } from "../../src/curate/curate-store.ts";
import { DEFAULT_STORY_SETTINGS } from "../../src/config/story-settings.ts";
import { SYNDICATED, MEETINGS_A_MONTH_APART, TWO_MOUS_SAME_DAY } from "./fixtures/stories.ts";
import type { FixtureArticle } from "./fixtures/stories.ts";
import { storeFixtureArticles } from "./fixtures/store-articles.ts";
import { selectiveBands, selectiveKeys } from "../../src/curate/common-keys.ts";
import type { Prisma } from "../../src/store/generated/client.ts";
import { sqlOf, sqlPoolOf } from "../../src/store/client.ts";
import { inTransaction } from "../../src/store/sql.ts";

const context = createCurateContext(loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml"));
const ALL = [...SYNDICATED, ...MEETINGS_A_MONTH_APART, ...TWO_MOUS_SAME_DAY];
const test = useTestDatabase();
const assign = (id: string) => curateArticle(id, new PgCurateStore(test.db), context);

beforeEach(async () => {
  await test.db.article.deleteMany();
  await test.db.story.deleteMany();
  await test.db.source.deleteMany();
  const sources = [...new Set(ALL.map((a) => a.sourceId))];
  await test.db.source.createMany({
    data: sources.map((id) => ({ id, name: id, url: `https://${id}.example/`, type: "feed" })),
  });
});

const storeArticles = (articles: FixtureArticle[]) => storeFixtureArticles(test.db, articles);

/** Per fixture article: the fixture keys of its story's members (the partition) and the copy it duplicates. */
async function storiesByKey(): Promise<Map<string, { storyMembers: string[]; duplicateOf: string | null }>> {
  const rows = await test.db.article.findMany();
  const keyOfId = new Map(rows.map((r) => [r.id, ALL.find((a) => a.url === r.url)?.key as string]));
  const membersOf = (storyId: string | null) =>
    rows.flatMap((r) => (r.storyId === storyId ? [keyOfId.get(r.id) as string] : [])).sort();
  return new Map(
    rows.map((r) => [
      keyOfId.get(r.id) as string,
      {
        storyMembers: membersOf(r.storyId),
        duplicateOf: r.duplicateOfId ? (keyOfId.get(r.duplicateOfId) as string) : null,
      },
    ]),
  );
}

describe("story assignment in Postgres", () => {
  it("makes one story with three articles and three outlets of a syndicated wire story", async () => {
    const ids = await storeArticles(SYNDICATED);
    for (const id of ids.values()) await assign(id);
    const stories = await test.db.story.findMany();
    expect(stories).toHaveLength(1);
    expect(stories[0]).toMatchObject({
      articleCount: 3,
      outletCount: 3,
      relevant: true,
      representativeArticleId: ids.get("wire"),
    });
    expect(stories[0].countries).toEqual(expect.arrayContaining(["CN", "UZ"]));
    expect(stories[0].firstSeenAt.toISOString()).toBe(SYNDICATED[0].publishedAt.replace("Z", ".000Z"));
    const copies = await test.db.article.findMany({ where: { duplicateOfId: ids.get("wire") } });
    expect(copies).toHaveLength(2);
    const bandCounts = await test.db.$queryRaw<Array<{ bands: number }>>`
      SELECT cardinality("bandHashes") AS bands FROM "Article"`;
    expect(bandCounts.map((r) => r.bands)).toEqual([40, 40, 40]);
  });

  it("keeps the meetings a month apart and the two MoUs of one day in separate stories", async () => {
    const ids = await storeArticles([...MEETINGS_A_MONTH_APART, ...TWO_MOUS_SAME_DAY]);
    for (const id of ids.values()) await assign(id);
    expect(await test.db.story.count()).toBe(4);
    expect(await test.db.article.count({ where: { duplicateOfId: { not: null } } })).toBe(0);
  });

  it("gives the same stories whatever order articles are stored and assigned in", async () => {
    const forward = await storeArticles(ALL);
    for (const id of forward.values()) await assign(id);
    const expected = await storiesByKey();
    await test.db.article.deleteMany();
    await test.db.story.deleteMany();
    const backward = await storeArticles([...ALL].reverse());
    // One store for the whole pass, as a worker has: candidate rows it read are kept from one curation to the next.
    const store = new PgCurateStore(test.db);
    for (const id of backward.values()) await curateArticle(id, store, context);
    expect(await storiesByKey()).toEqual(expected);
    const story = await test.db.story.findFirstOrThrow({ where: { articleCount: 3 } });
    expect(story.id).toBe(storyIdOf(story.key));
  });

  it("changes nothing when an article is assigned a second time", async () => {
    const ids = await storeArticles(SYNDICATED);
    for (const id of ids.values()) await assign(id);
    const before = {
      articles: await test.db.article.findMany({ orderBy: { id: "asc" } }),
      stories: await test.db.story.findMany(),
    };
    for (const id of ids.values()) await assign(id);
    expect(await test.db.article.findMany({ orderBy: { id: "asc" } })).toEqual(before.articles);
    expect(await test.db.story.findMany()).toEqual(before.stories);
  });

  it("answers a check's three candidate queries in one statement as it answers them one by one", async () => {
    const ids = await storeArticles(ALL);
    for (const id of ids.values()) await assign(id);
    const store = new PgStoryStore(sqlOf(test.db));
    const day = 86_400_000;
    let found = 0;
    for (const article of ALL) {
      const probe = fingerprintOf(article, context.gazetteer);
      const at = new Date(article.publishedAt).getTime();
      const keys = storyKeysOf(probe);
      const window = { from: new Date(at - 7 * day), to: new Date(at + 7 * day), keys, limit: 100 };
      for (const query of [
        { contentHash: probe.contentHash, bands: probe.bands, bandQuery: { limit: 50 }, window },
        { contentHash: probe.contentHash, bands: probe.bands, bandQuery: { limit: 1, near: new Date(at) } },
        {
          contentHash: "none",
          bands: [],
          bandQuery: { limit: 50 },
          window: { ...window, limit: 2, finding: keys.slice(0, 3) },
        },
      ]) {
        const together = (await store.findCandidates(query)).map((m) => m.article.id);
        expect(together).toEqual((await composeCandidates(store, query)).map((m) => m.article.id));
        expect(new Set(together).size).toBe(together.length);
        found += together.length;
      }
    }
    // Not a comparison of empty answers: each article finds itself, its copies and its story's reports.
    expect(found).toBeGreaterThan(3 * ALL.length);
  });

  it("finds near-duplicate candidates through the band index", async () => {
    const ids = await storeArticles(SYNDICATED.slice(0, 1));
    await assign(ids.get("wire") as string);
    const probe = fingerprintOf(SYNDICATED[1], context.gazetteer);
    const found = await new PgStoryStore(sqlOf(test.db)).findByBands(probe.bands, { limit: 50 });
    expect(found.map((m) => m.article.id)).toEqual([ids.get("wire")]);
  });

  it("reads the band candidates sharing the most bands first, within the date reach, at most the limit", async () => {
    const source = SYNDICATED[0].sourceId;
    const day = (d: number) => new Date(Date.UTC(2025, 0, d));
    // Articles sharing 1 to 6 of the probe's bands, dated on day 10 (or undated), and two dated far away.
    const articles = [
      ...Array.from({ length: 6 }, (_, i) => ({ url: `https://b.example/${i + 1}`, shared: i + 1, at: day(10) })),
      { url: "https://b.example/undated", shared: 2, at: null },
      { url: "https://b.example/near-tie", shared: 2, at: day(12) },
      { url: "https://b.example/far", shared: 40, at: day(28) },
    ];
    const probe = Array.from({ length: 42 }, (_, band) => BigInt(band * 1000 + 7));
    const idOf = new Map<string, string>();
    for (const a of articles) {
      const row = await test.db.article.create({
        data: {
          url: a.url,
          canonicalKey: a.url,
          originalUrl: a.url,
          sourceId: source,
          title: a.url,
          text: "x",
          publishedAt: a.at,
          fetchedAt: day(10),
        },
      });
      idOf.set(a.url, row.id);
      const bands = bandKeysOf(probe.map((hash, band) => (band < a.shared ? hash : hash + 1n)));
      await test.db.$executeRaw`UPDATE "Article" SET "bandHashes" = ${bands}::int4[] WHERE id = ${row.id}::uuid`;
    }
    const store = new PgStoryStore(sqlOf(test.db));
    const urls = async (query: Parameters<PgStoryStore["findByBands"]>[1]) => {
      const found = await store.findByBands(probe, query);
      const urlOf = new Map([...idOf].map(([url, id]) => [id, url]));
      return found.map((m) => urlOf.get(m.article.id));
    };
    const within: [Date, Date] = [day(1), day(20)];
    // Day 28 is out of reach; the rest are ranked by shared bands, then nearest to day 13, the undated last.
    expect(await store.findByBands(probe, { within, near: day(13), limit: 20 })).toHaveLength(8);
    expect(await urls({ within, near: day(13), limit: 8 })).toEqual([
      "https://b.example/6",
      "https://b.example/5",
      "https://b.example/4",
      "https://b.example/3",
      "https://b.example/near-tie",
      "https://b.example/2",
      "https://b.example/undated",
      "https://b.example/1",
    ]);
    // Without a date (an undated article) everything sharing a band is in reach.
    expect(await urls({ limit: 1 })).toEqual(["https://b.example/far"]);
  });
});

describe("stored fingerprints", () => {
  it("compares candidates by the fingerprint stored at their curation, not by fingerprinting their text again", async () => {
    const ids = await storeArticles(SYNDICATED);
    const [wire, ...copies] = [...ids.values()];
    await assign(wire);
    const stored = await test.db.article.findUniqueOrThrow({ where: { id: wire } });
    expect(stored.fingerprint?.length).toBeGreaterThan(1000);
    expect(stored.fingerprintVersion).toBe(context.fingerprintVersion);
    // A text that no longer matches its copies: only the stored fingerprint can still link them.
    await test.db
      .$executeRaw`UPDATE "Article" SET text = 'Unrelated weather report for the weekend.' WHERE id = ${wire}::uuid`;
    for (const id of copies) await assign(id);
    expect(await test.db.story.count()).toBe(1);
    expect(await test.db.article.count({ where: { duplicateOfId: wire } })).toBe(2);
  });

  it("fingerprints a candidate again when its stored fingerprint is of another version, and stores the new one", async () => {
    const ids = await storeArticles(SYNDICATED);
    const [wire, ...copies] = [...ids.values()];
    await assign(wire);
    await test.db.$executeRaw`UPDATE "Article" SET "fingerprintVersion" = 'an-older-taxonomy' WHERE id = ${wire}::uuid`;
    for (const id of copies) await assign(id);
    expect(await test.db.story.count()).toBe(1);
    const rewritten = await test.db.article.findUniqueOrThrow({ where: { id: wire } });
    expect(rewritten.fingerprintVersion).toBe(context.fingerprintVersion);
  });
});

describe("candidate rows kept between checks", () => {
  const HASH = "a-content-hash";
  const titleOf = async (store: PgStoryStore, id: string) =>
    (await store.findByContentHash(HASH)).find((r) => r.article.id === id)?.article.title;
  const storeWire = async () => {
    const wire = (await storeArticles(SYNDICATED)).get("wire") as string;
    await test.db.$executeRaw`UPDATE "Article" SET "contentHash" = ${HASH} WHERE id = ${wire}::uuid`;
    return wire;
  };

  it("serves a kept row while the row is unchanged, and reads it again once any column changed", async () => {
    const wire = await storeWire();
    const store = new PgStoryStore(sqlOf(test.db), undefined, new CandidateRowCache());
    const [first] = await store.findByContentHash(HASH);
    expect((await store.findByContentHash(HASH))[0]).toBe(first);
    await test.db.$executeRaw`UPDATE "Article" SET title = 'A corrected headline' WHERE id = ${wire}::uuid`;
    const [changed] = await store.findByContentHash(HASH);
    expect(changed).not.toBe(first);
    expect(changed.article.title).toBe("A corrected headline");
    // Without kept rows, the same answer.
    expect(await titleOf(new PgStoryStore(sqlOf(test.db)), wire)).toBe("A corrected headline");
  });

  it("gives a snapshot the row version it sees, whichever version is kept", async () => {
    const wire = await storeWire();
    const original = SYNDICATED[0].title;
    const rows = new CandidateRowCache();
    const seenInSnapshot = await inTransaction(
      sqlPoolOf(test.db),
      { isolation: "repeatable read", statementTimeoutMs: 10_000 },
      async (tx) => {
        const inSnapshot = new PgStoryStore(tx, undefined, rows);
        expect(await titleOf(inSnapshot, wire)).toBe(original);
        await test.db.$executeRaw`UPDATE "Article" SET title = 'Changed meanwhile' WHERE id = ${wire}::uuid`;
        // The newer version is read outside the snapshot and kept ...
        expect(await titleOf(new PgStoryStore(sqlOf(test.db), undefined, rows), wire)).toBe("Changed meanwhile");
        // ... and the snapshot still gets the version it sees.
        return titleOf(inSnapshot, wire);
      },
    );
    expect(seenInSnapshot).toBe(original);
  });

  it("reads only the stories of the articles in hand, and the rows of those stories' other members", async () => {
    const ids = await storeArticles(SYNDICATED);
    for (const id of ids.values()) await assign(id);
    const [wire, ...copies] = [...ids.values()];
    const { storyId } = await test.db.article.findUniqueOrThrow({ where: { id: wire } });
    for (const rows of [undefined, new CandidateRowCache()]) {
      const { storyOf, others } = await new PgStoryStore(sqlOf(test.db), undefined, rows).findStoryMembers([wire]);
      expect(storyOf).toEqual(new Map([[wire, storyId]]));
      expect(others.map((o) => o.article.id).sort()).toEqual(copies.sort());
      expect(others.every((o) => o.storyId === storyId)).toBe(true);
    }
  });

  it("keeps the most recently used rows within its budget", () => {
    const row = (id: string, text: string) => ({
      article: { id, url: id, outlet: "o", title: "", text, publishedAt: new Date(0), datePrecision: "day" as const },
    });
    const rows = new CandidateRowCache(25);
    rows.set("a", "1", row("a", "x".repeat(10)));
    rows.set("b", "1", row("b", "x".repeat(10)));
    expect(rows.get("a", "1")?.article.id).toBe("a"); // now the most recent
    rows.set("c", "1", row("c", "x".repeat(10)));
    expect(rows.get("b", "1")).toBeUndefined();
    expect(rows.get("a", "1")?.article.id).toBe("a");
    expect(rows.get("a", "2")).toBeUndefined(); // another version of the row
    rows.set("d", "1", row("d", "x".repeat(30))); // larger than the whole budget: not kept
    expect(rows.get("d", "1")).toBeUndefined();
    expect(rows.size).toBe(2);
  });
});

describe("reclassification", () => {
  it("runs stored articles through classification again and reports progress", async () => {
    const ids = await storeArticles(SYNDICATED);
    const progress: Array<[number, number]> = [];
    const count = await reclassifyArticles(test.db, context, {
      batchSize: 2,
      onProgress: (done, total) => void progress.push([done, total]),
    });
    expect(count).toBe(3);
    expect(progress).toEqual([
      [2, 3],
      [3, 3],
    ]);
    const articles = await test.db.article.findMany({ where: { id: { in: [...ids.values()] } } });
    expect(articles.every((a) => a.classifiedAt !== null && a.relevant === true && a.storyId !== null)).toBe(true);
    expect(await test.db.story.count()).toBe(1);
  });

  it("leaves out articles the pipeline gave up on", async () => {
    const ids = await storeArticles(SYNDICATED);
    const reason = "curate failed again after 3 restarts by the recovery sweep; last error: boom";
    await test.db.article.update({ where: { id: ids.get("wire") }, data: { stage: "failed", failedReason: reason } });
    expect(await reclassifyArticles(test.db, context)).toBe(SYNDICATED.length - 1);
    const given = await test.db.article.findUniqueOrThrow({ where: { id: ids.get("wire") } });
    expect(given).toMatchObject({ stage: "failed", failedReason: reason, classifiedAt: null, storyId: null });
    expect(await test.db.article.count({ where: { stage: "curated" } })).toBe(SYNDICATED.length - 1);
  });

  it("leaves an article whose page is still to be fetched to its fetch, which then stores the page", async () => {
    const ids = await storeArticles(SYNDICATED);
    const listed = ids.get("wire") as string;
    await test.db.article.update({ where: { id: listed }, data: { stage: "listed", text: null } });
    expect(await reclassifyArticles(test.db, context)).toBe(SYNDICATED.length - 1);
    expect(await test.db.article.findUniqueOrThrow({ where: { id: listed } })).toMatchObject({
      stage: "listed",
      classifiedAt: null,
    });
    expect(await saveArticlePage(test.db, listed, { extractStatus: "ok", text: SYNDICATED[0].text })).toBe(true);
  });

  it("limits itself to articles published since a date", async () => {
    await storeArticles(ALL);
    const count = await reclassifyArticles(test.db, context, { since: new Date("2025-05-01T00:00:00Z") });
    expect(count).toBe(TWO_MOUS_SAME_DAY.length);
  });

  it("splits a story that no longer holds together; the part with the oldest report keeps its id", async () => {
    const ids = await storeArticles(SYNDICATED);
    for (const id of ids.values()) await assign(id);
    const before = await test.db.article.findUniqueOrThrow({ where: { id: ids.get("wire") } });
    // Settings under which no two texts belong together: what a stricter reclassification could decide.
    const strict = createCurateContext(loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml"), {
      ...DEFAULT_STORY_SETTINGS,
      nearDuplicateJaccard: 1,
      nearDuplicateContainment: 1,
      sameStorySimilarity: 1,
    });
    await reclassifyArticles(test.db, strict);
    const after = await test.db.article.findMany({ where: { id: { in: [...ids.values()] } } });
    expect(new Set(after.map((a) => a.storyId)).size).toBe(3);
    expect(after.find((a) => a.id === ids.get("wire"))?.storyId).toBe(before.storyId);
    expect(await test.db.story.count()).toBe(3);
    expect(await test.db.storyAlias.count()).toBe(0);
    const kept = await test.db.story.findUniqueOrThrow({ where: { id: before.storyId! } });
    expect(kept.articleCount).toBe(1);
  });
});

describe("window candidates in a large archive", () => {
  /** `count` bare articles of one source under `site`, with what `fields(i)` adds. */
  const bareArticles = (site: string, count: number, fields: (i: number) => Partial<Prisma.ArticleCreateManyInput>) =>
    Array.from({ length: count }, (_, i) => ({
      url: `https://${site}/${i}`,
      canonicalKey: `https://${site}/${i}`,
      originalUrl: `https://${site}/${i}`,
      sourceId: SYNDICATED[0].sourceId,
      title: `Article ${i}`,
      text: "x",
      ...fields(i),
    }));

  it("are found by the keys the planner's statistics do not list as common, and ranked by all keys", async () => {
    const day = (d: number) => new Date(Date.UTC(2025, 0, d));
    // 400 articles of one fortnight all carry "@CN"; three also carry a rare name, one of them a second shared key.
    const rows = bareArticles("k.example", 400, (i) => ({
      publishedAt: day(1 + (i % 14)),
      stage: "curated",
      storyKeys: i < 3 ? ["@CN", "zhakupov", ...(i === 2 ? ["copper"] : [])] : ["@CN", `other-${i}`],
    }));
    await test.db.article.createMany({ data: rows });
    await test.db.$executeRawUnsafe(`ANALYZE "Article"`);
    const store = new PgStoryStore(sqlOf(test.db));
    const frequencies = await store.keyFrequencies();
    expect(frequencies.total).toBe(400);
    expect(frequencies.articlesWith("@CN")).toBeCloseTo(400, -1);
    expect(frequencies.articlesWith("zhakupov")).toBeLessThan(50);
    const keys = ["@CN", "zhakupov", "copper"];
    const finding = selectiveKeys(keys, frequencies);
    expect(finding).toEqual(["zhakupov", "copper"]);
    const found = await store.findPublishedBetween(day(1), day(20), keys, 100, finding);
    // The one sharing three keys first; the two sharing two in id order.
    expect(found.map((m) => m.article.url)[0]).toBe("https://k.example/2");
    expect(found.map((m) => m.article.url).sort()).toEqual([0, 1, 2].map((i) => `https://k.example/${i}`));
    // Found by every key, "@CN" brings the whole fortnight (cut at the limit).
    expect(await store.findPublishedBetween(day(1), day(20), keys, 100)).toHaveLength(100);
  });

  it("find band candidates by the bands the statistics do not list as common, and rank them by all bands", async () => {
    // 400 articles share the probe's first band (a template's text); three share its second band too, one also a
    // third, and one shares only the third.
    const probe = [101n, 202n, 303n];
    const rows = bareArticles("band.example", 400, () => ({ stage: "curated" }));
    await test.db.article.createMany({ data: rows });
    const ids = (await test.db.article.findMany({ where: { url: { startsWith: "https://band.example/" } } })).map(
      (a) => [Number(a.url.split("/").at(-1)), a.id] as const,
    );
    for (const [i, id] of ids) {
      const bands = bandKeysOf([101n, i < 3 ? 202n : BigInt(5000 + i), i === 2 || i === 3 ? 303n : BigInt(9000 + i)]);
      await test.db.$executeRaw`UPDATE "Article" SET "bandHashes" = ${bands}::int4[] WHERE id = ${id}::uuid`;
    }
    await test.db.$executeRawUnsafe(`ANALYZE "Article", "ArticleKeys"`);
    const store = new PgStoryStore(sqlOf(test.db));
    const frequencies = await store.keyFrequencies();
    expect(frequencies.articlesWithBand(0, 101n)).toBeCloseTo(400, -1);
    expect(frequencies.articlesWithBand(1, 202n)).toBeLessThan(50);
    const finding = selectiveBands(probe, frequencies);
    expect(finding).toEqual([1, 2]);
    const urls = async (query: Parameters<PgStoryStore["findByBands"]>[1]) =>
      (await store.findByBands(probe, query)).map((m) => m.article.url);
    // a2 shares all three bands, a0 and a1 two each (in id order, so compare as a set), a3 two.
    const found = await urls({ limit: 50, finding });
    expect(found[0]).toBe("https://band.example/2");
    expect(found.slice(1).sort()).toEqual([0, 1, 3].map((i) => `https://band.example/${i}`));
    // Found by every band, the template's band brings all 400 (cut at the limit).
    expect(await urls({ limit: 50 })).toHaveLength(50);
  });

  it("analyzes the table when a burst changed more of it than its statistics saw, and only then", async () => {
    await analyzeIfStale(sqlPoolOf(test.db)); // whatever earlier tests left
    await test.db.article.createMany({ data: bareArticles("s.example", 1_500, () => ({ storyKeys: ["burst-key"] })) });
    // A backend reports its changes to the statistics system at most once a second.
    let analyzed = false;
    for (let i = 0; i < 30 && !analyzed; i++) {
      analyzed = await analyzeIfStale(sqlPoolOf(test.db));
      if (!analyzed) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(analyzed).toBe(true);
    expect((await new PgStoryStore(sqlOf(test.db)).keyFrequencies()).articlesWith("burst-key")).toBeCloseTo(1_500, -1);
    expect(await analyzeIfStale(sqlPoolOf(test.db))).toBe(false);
  });

  it("leaves dead rows to autovacuum where it runs, and counts a fifth of the table (and 1,000 rows) as too many", () => {
    expect(isNeglected({ dead: 5_000, live: 1_000, autovacuum: true })).toBe(false);
    expect(isNeglected({ dead: 5_000, live: 1_000, autovacuum: false })).toBe(true);
    expect(isNeglected({ dead: 900, live: 1_000, autovacuum: false })).toBe(false);
    expect(isNeglected({ dead: 15_000, live: 100_000, autovacuum: false })).toBe(false);
    expect(isNeglected({ dead: 25_000, live: 100_000, autovacuum: false })).toBe(true);
  });

  it("vacuums the table when autovacuum is off for it and a fifth of it is dead", async () => {
    const pool = sqlPoolOf(test.db);
    const deadRows = async () =>
      (
        await test.db.$queryRaw<Array<{ dead: number }>>`
          SELECT n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relid = '"Article"'::regclass`
      )[0].dead;
    // Off for this table whatever the server's setting (on this machine's Postgres it is off for all).
    await test.db.$executeRaw`ALTER TABLE "Article" SET (autovacuum_enabled = false)`;
    try {
      await test.db.article.createMany({ data: bareArticles("dead.example", 1_500, () => ({})) });
      await test.db.$executeRaw`UPDATE "Article" SET "curatedXid" = 1 WHERE url LIKE 'https://dead.example/%'`;
      // A backend reports its changes to the statistics system at most once a second.
      for (let i = 0; i < 30 && (await deadRows()) < 1_500; i++) await new Promise((r) => setTimeout(r, 200));
      expect(await deadRows()).toBeGreaterThanOrEqual(1_500);
      expect(await vacuumIfNeglected(pool)).toBe(true);
      for (let i = 0; i < 30 && (await deadRows()) > 0; i++) await new Promise((r) => setTimeout(r, 200));
      expect(await deadRows()).toBe(0);
      expect(await vacuumIfNeglected(pool)).toBe(false);
    } finally {
      await test.db.$executeRaw`ALTER TABLE "Article" RESET (autovacuum_enabled)`;
    }
  });
});
