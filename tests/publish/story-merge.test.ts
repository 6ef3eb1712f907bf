// When two stories turn out to be one, readers keep the item they have: the survivor keeps the older id, the
// absorbed story's item goes away, and its page redirects to the survivor's.
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createTestDatabase,
  deleteQueueKeys,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
  type TestDatabase,
} from "../helpers/services.ts";
import { seedStories } from "../helpers/seed-stories.ts";
import { THREE_COPIES } from "./fixtures/stories.ts";
import { feedparser } from "./feed-readers.ts";
import { saveStoryAssignment } from "../../src/store/story-writes.ts";
import { parseFeedsConfig } from "../../src/config/feeds.ts";
import { queryFeed, RENDERERS, type PublishContext } from "../../src/feeds/build-feeds.ts";
import { parseFeedQuery } from "../../src/feeds/feed-query.ts";
import { buildServer } from "../../src/web/server.ts";
import { closeAll, DEFAULT_QUEUE_SETTINGS, openQueues } from "../../src/jobs/queues.ts";
import { redisOptions } from "../../src/jobs/connection.ts";
import { sqlOf } from "../../src/store/client.ts";

const LATER_REPORT = {
  id: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
  topics: ["transport_infrastructure"],
  countries: ["KZ"],
  copies: [
    {
      sourceId: "akipress",
      sourceName: "AKIpress",
      url: "https://akipress.com/news:rail-freight-khorgos",
      title: "Khorgos handles record freight",
      text: "A record volume of freight crossed Khorgos.",
      language: "en",
      publishedAt: "2026-11-28T15:00:00Z",
    },
  ],
};

let test: TestDatabase;
let context: PublishContext;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedStories(test.db, [THREE_COPIES, LATER_REPORT]);
  const config = parseFeedsConfig("defaults: { topics: false, countries: false }\n", "feeds.yaml", {
    topics: [],
    countries: [],
  });
  context = { db: test.db, config, labels: {}, publicUrl: "https://news.example.org" };
}, 120_000);

afterAll(async () => {
  await test?.drop();
});

async function atomEntries() {
  const document = await queryFeed(context, context.config.feeds[0], parseFeedQuery({}));
  return feedparser(RENDERERS.atom(document)).entries;
}

it("keeps the surviving item's id after two stories merge, with the absorbed outlet as a related link", async () => {
  const before = await atomEntries();
  expect(before.map((e) => e.id)).toEqual(
    [LATER_REPORT.id, THREE_COPIES.id].map((id) => `tag:silkwire,2026:story:${id}`),
  );
  const survivor = before[1];

  const articles = await test.db.article.findMany({ orderBy: { publishedAt: "asc" }, select: { id: true } });
  const merged = await saveStoryAssignment(sqlOf(test.db), {
    key: "merged-later-key",
    title: THREE_COPIES.copies[0].title,
    representativeId: articles[0].id,
    articleCount: articles.length,
    outletCount: 4,
    relevant: true,
    relevance: 0.9,
    topics: ["transport_infrastructure"],
    countries: ["CN", "KZ"],
    members: articles.map((a) => ({ id: a.id, duplicateOfId: null })),
  });
  expect(merged).toBe(THREE_COPIES.id);

  const after = await atomEntries();
  expect(after.map((e) => e.id)).toEqual([survivor.id]);
  // An outlet joined: a material change, so readers are told the item was updated.
  expect(Date.parse(after[0].updated!)).toBeGreaterThan(Date.parse(survivor.updated!));
  expect(after[0].links.filter((l) => l.rel === "related").map((l) => l.title)).toEqual([
    "The Times of Central Asia",
    "Синьхуа",
    "AKIpress",
  ]);

  const prefix = uniqueQueuePrefix();
  const queues = openQueues(redisOptions(TEST_REDIS_URL), { ...DEFAULT_QUEUE_SETTINGS, prefix });
  const app = await buildServer({ db: test.db, queues, publish: context, publicDir: "/nonexistent" });
  try {
    const old = await app.inject({ url: `/stories/${LATER_REPORT.id}` });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(`/stories/${THREE_COPIES.id}`);
  } finally {
    await app.close();
    await closeAll(Object.values(queues));
    await deleteQueueKeys(prefix);
  }
});
