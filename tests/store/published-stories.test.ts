// What a published story carries, read from a real Postgres database of its own.
import { beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/services.ts";
import { seedStories } from "../helpers/seed-stories.ts";
import { loadPublishedStories } from "../../src/store/published-stories.ts";

const test = useTestDatabase();

beforeEach(async () => {
  await test.db.article.deleteMany();
  await test.db.story.deleteMany();
});

describe("published stories", () => {
  it("carry the page and text of their representative, not of an earlier copy, and every copy's link", async () => {
    const [id] = await seedStories(test.db, [
      {
        evidence: [{ term: "Khorgos", kind: "place", where: "title" }],
        copies: [
          // The first seeded copy is the representative, although another outlet published earlier.
          {
            sourceId: "wire",
            url: "https://wire.example/khorgos",
            title: "Khorgos dry port doubles its container traffic",
            html: "<p>The representative's page.</p>",
            text: "The representative's text.",
            publishedAt: "2026-11-02T09:00:00Z",
          },
          {
            sourceId: "daily",
            url: "https://daily.example/khorgos",
            title: "Khorgos traffic doubles",
            html: "<p>A reprint's page.</p>",
            text: "A reprint's text.",
            publishedAt: "2026-11-02T07:00:00Z",
          },
        ],
      },
    ]);
    const [story] = await loadPublishedStories(test.db, [id, "00000000-0000-4000-8000-000000000000"]);
    expect(story.id).toBe(id);
    expect(story.contentHtml).toBe("<p>The representative's page.</p>");
    expect(story.text).toBe("The representative's text.");
    expect(story.evidence).toEqual([{ term: "Khorgos", kind: "place", where: "title" }]);
    expect(story.copies.map((c) => c.url)).toEqual(["https://wire.example/khorgos", "https://daily.example/khorgos"]);
    expect(story.representative.outletId).toBe("wire");
  });
});
