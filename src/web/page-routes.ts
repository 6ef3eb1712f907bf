import type { FastifyInstance, FastifyReply } from "fastify";
import type { WebDeps } from "./web-deps.ts";
import { loadPublishedStories, selectStoryIds } from "../store/published-stories.ts";
import { listOutlets } from "../store/health-store.ts";
import { resolveStoryId } from "../store/story-writes.ts";
import { BadRequest, encodeCursor, isStoryId, param, parseStoryQuery, type StoryParams } from "./story-query.ts";
import { feedListPage, storyListPage, storyPage } from "./views.ts";
import { sqlOf } from "../store/client.ts";

const PAGE_SIZE = 30;
const PARAMS = ["topic", "country", "outlet", "language", "from", "to", "q"];

function sendHtml(reply: FastifyReply, body: string, code = 200): FastifyReply {
  return reply.code(code).type("text/html; charset=utf-8").header("cache-control", "public, max-age=60").send(body);
}

/** `/` (every feed, with autodiscovery links), `/stories` (filters, newest first), `/stories/<id>`. */
export function pageRoutes(app: FastifyInstance, deps: WebDeps): void {
  const front = feedListPage(deps.publish); // depends only on the config
  app.get("/", async (_request, reply) => sendHtml(reply, front));

  app.get<{ Querystring: StoryParams }>("/stories", async (request, reply) => {
    let query;
    try {
      query = parseStoryQuery(request.query, PAGE_SIZE);
    } catch (err) {
      if (err instanceof BadRequest) return reply.code(400).type("text/plain; charset=utf-8").send(`${err.message}\n`);
      throw err;
    }
    const [page, outlets] = await Promise.all([
      selectStoryIds(deps.db, query.filter, query.limit, query.cursor),
      listOutlets(deps.db),
    ]);
    const params = Object.fromEntries(PARAMS.map((name) => [name, param(request.query, name)]));
    const next = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
    if (page.next) next.set("cursor", encodeCursor(page.next));
    const stories = await loadPublishedStories(deps.db, page.ids);
    return sendHtml(
      reply,
      storyListPage(deps.publish, { stories, params, outlets, nextUrl: page.next ? `/stories?${next}` : undefined }),
    );
  });

  app.get<{ Params: { id: string } }>("/stories/:id", async (request, reply) => {
    const id = request.params.id.toLowerCase();
    const [story] = isStoryId(id) ? await loadPublishedStories(deps.db, [id]) : [];
    if (!story) {
      // A story absorbed by a merge lives on under the survivor's id: old links keep working.
      const current = isStoryId(id) ? await resolveStoryId(sqlOf(deps.db), id) : undefined;
      if (current && current !== id) return reply.redirect(`/stories/${current}`, 301);
      return sendHtml(reply, "<!doctype html><title>Not found</title><p>No such story.</p>", 404);
    }
    return sendHtml(reply, storyPage(deps.publish, story));
  });
}
