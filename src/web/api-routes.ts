import type { FastifyInstance } from "fastify";
import type { WebDeps } from "./web-deps.ts";
import { loadPublishedStories, selectStoryIds } from "../store/published-stories.ts";
import { storyTagUri } from "../publish/story-id.ts";
import { copyJson } from "../publish/json-feed.ts";
import { httpUrl, plainText } from "../publish/text-safety.ts";
import type { PublishedStory } from "../model.ts";
import { BadRequest, encodeCursor, parseStoryQuery, type StoryParams } from "./story-query.ts";

/** /api/stories?topic=&country=&outlet=&language=&from=&to=&q=&cursor=&limit= — newest first, cursor-paginated. */
export function apiRoutes(app: FastifyInstance, deps: WebDeps): void {
  app.get<{ Querystring: StoryParams }>("/api/stories", async (request, reply) => {
    let query;
    try {
      query = parseStoryQuery(request.query, 20);
    } catch (err) {
      if (err instanceof BadRequest) return reply.code(400).send({ error: err.message });
      throw err;
    }
    const page = await selectStoryIds(deps.db, query.filter, query.limit, query.cursor);
    const stories = await loadPublishedStories(deps.db, page.ids);
    reply.header("cache-control", "public, max-age=60");
    return {
      stories: stories.map((story) => storyJson(story, deps)),
      next_cursor: page.next ? encodeCursor(page.next) : null,
    };
  });
}

function storyJson(story: PublishedStory, deps: WebDeps) {
  return {
    id: story.id,
    item_id: storyTagUri(deps.publish.config.tag, story.id),
    title: plainText(story.title),
    url: httpUrl(story.representative.url) ?? null,
    page_url: `${deps.publish.publicUrl}/stories/${story.id}`,
    date_published: story.publishedAt.toISOString(),
    date_modified: story.updatedAt.toISOString(),
    topics: story.topics,
    countries: story.countries,
    relevance: story.relevance,
    outlet_count: story.outletCount,
    copies: story.copies.flatMap((copy) => copyJson(copy, story.representative.articleId) ?? []),
  };
}
