// A story's id is its permanent feed item id: it must survive late arrivals, merges and re-runs.
import { beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/services.ts";
import { resolveStoryId, saveStoryAssignment } from "../../src/store/story-writes.ts";
import { PgCurateStore } from "../../src/store/curation-store.ts";
import { curateArticle } from "../../src/ingest/curate-article.ts";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";
import { createCurateContext } from "../../src/curate/curate-context.ts";
import type { StoryAssignment } from "../../src/curate/story-cluster.ts";
import { SYNDICATED } from "../curate/fixtures/stories.ts";
import { sqlOf } from "../../src/store/client.ts";

const context = createCurateContext(loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml"));
const test = useTestDatabase();
const assignArticleToStory = (db: typeof test.db, id: string) => curateArticle(id, new PgCurateStore(db), context);

beforeEach(async () => {
  await test.db.article.deleteMany();
  await test.db.story.deleteMany();
  await test.db.source.deleteMany();
  await test.db.source.create({ data: { id: "s", name: "s", url: "https://s.example/", type: "feed" } });
});

async function storeArticle(url: string, title = url, text = "", publishedAt?: string): Promise<string> {
  const row = await test.db.article.create({
    data: {
      url,
      canonicalKey: url,
      originalUrl: url,
      sourceId: "s",
      title,
      text,
      publishedAt: publishedAt && new Date(publishedAt),
    },
  });
  return row.id;
}

/** A hand-made assignment: the store's identity rules do not depend on how the members were found. */
function assignmentOf(key: string, memberIds: string[]): StoryAssignment {
  return {
    key,
    title: key,
    representativeId: memberIds[0],
    articleCount: memberIds.length,
    outletCount: 1,
    relevant: null,
    relevance: null,
    topics: [],
    countries: [],
    members: memberIds.map((id) => ({ id, duplicateOfId: null })),
  };
}

async function snapshot() {
  return {
    stories: await test.db.story.findMany({ orderBy: { id: "asc" } }),
    aliases: await test.db.storyAlias.findMany({ orderBy: { id: "asc" } }),
    articles: await test.db.article.findMany({ orderBy: { id: "asc" }, select: { id: true, storyId: true } }),
  };
}

describe("story identity", () => {
  it("keeps a story's id when an earlier member arrives later", async () => {
    const [wire, ...reprints] = SYNDICATED; // the wire copy is the earliest
    const ids = [];
    for (const a of [...reprints].reverse()) ids.push(await storeArticle(a.url, a.title, a.text, a.publishedAt));
    for (const id of ids) await assignArticleToStory(test.db, id);
    const minted = await test.db.story.findFirstOrThrow({ orderBy: { createdAt: "asc" } });

    await assignArticleToStory(test.db, await storeArticle(wire.url, wire.title, wire.text, wire.publishedAt));

    const stories = await test.db.story.findMany();
    expect(stories.map((s) => [s.id, s.key, s.articleCount])).toEqual([[minted.id, minted.key, 3]]);
    expect(stories[0].firstSeenAt.toISOString()).toBe(new Date(wire.publishedAt).toISOString());
  });

  it("keeps the older id when two stories merge and records the absorbed id as an alias", async () => {
    const [a, b] = [await storeArticle("https://s.example/a"), await storeArticle("https://s.example/b")];
    const older = await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-a", [a]));
    const newer = await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-b", [b]));
    expect(newer).not.toBe(older);

    const bridge = await storeArticle("https://s.example/bridge");
    // The key names b as earliest member: it must not matter, the older story's id survives.
    expect(await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-b", [a, b, bridge]))).toBe(older);

    expect((await test.db.story.findMany()).map((s) => s.id)).toEqual([older]);
    expect(await test.db.article.count({ where: { storyId: older } })).toBe(3);
    expect(await resolveStoryId(sqlOf(test.db), newer)).toBe(older);
    expect(await resolveStoryId(sqlOf(test.db), older)).toBe(older);
  });

  it("re-points aliases when a story that absorbed others is absorbed in turn", async () => {
    const [a, b, d] = [
      await storeArticle("https://s.example/a"),
      await storeArticle("https://s.example/b"),
      await storeArticle("https://s.example/d"),
    ];
    const first = await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-d", [d]));
    const second = await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-a", [a]));
    const third = await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-b", [b]));
    await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-a", [a, b])); // third → second
    await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-a", [a, b, d])); // second → first
    expect(await resolveStoryId(sqlOf(test.db), third)).toBe(first);
    expect(await resolveStoryId(sqlOf(test.db), second)).toBe(first);
    expect((await test.db.storyAlias.findMany()).map((x) => x.mergedInto)).toEqual([first, first]);
  });

  it("changes nothing when the same assignment is saved again", async () => {
    const ids = [await storeArticle("https://s.example/a"), await storeArticle("https://s.example/b")];
    await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-a", [ids[0]]));
    await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-b", [ids[1]]));
    await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-a", ids));
    const before = await snapshot();
    await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-a", ids));
    expect(await snapshot()).toEqual(before);
  });

  it("never gives a used id to a new story", async () => {
    const a = await storeArticle("https://s.example/a");
    const first = await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-a", [a]));
    await test.db.article.delete({ where: { id: a } });
    await test.db.story.update({ where: { id: first }, data: { key: "story-renamed" } });
    const again = await storeArticle("https://s.example/a");
    expect(await saveStoryAssignment(sqlOf(test.db), assignmentOf("story-a", [again]))).not.toBe(first);
  });
});
