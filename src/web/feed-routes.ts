import type { FastifyInstance } from "fastify";
import type { WebDeps } from "./web-deps.ts";
import { FEED_FORMATS, type FeedFormat } from "../publish/feed-document.ts";
import { FeedQueryError, parseFeedQuery } from "../feeds/feed-query.ts";
import { feedsOpml } from "../feeds/build-feeds.ts";
import { FeedSource } from "./feed-source.ts";
import { cachedBody, sendCached, type CachedBody } from "./http-cache.ts";

const FORMAT_OF_EXTENSION = new Map(
  (Object.keys(FEED_FORMATS) as FeedFormat[]).map((format) => [FEED_FORMATS[format].extension, format]),
);

/** /feeds/<name>.xml|.atom|.json with RSSHub-style query parameters, and /feeds.opml. */
export function feedRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { config } = deps.publish;
  const feeds = new Map(config.feeds.map((feed) => [feed.name, feed]));
  const source = new FeedSource(deps.publish, deps.publicDir);
  let opml: CachedBody | undefined;

  app.get<{ Params: { file: string }; Querystring: Record<string, string | string[]> }>(
    "/feeds/:file",
    async (request, reply) => {
      const match = /^([a-z0-9][a-z0-9_-]*)\.([a-z]+)$/.exec(request.params.file);
      const feed = match && feeds.get(match[1]);
      const format = match && FORMAT_OF_EXTENSION.get(match[2]);
      if (!feed || !format) return reply.code(404).type("text/plain; charset=utf-8").send("no such feed\n");
      let query;
      try {
        query = parseFeedQuery(request.query);
      } catch (err) {
        if (err instanceof FeedQueryError)
          return reply.code(400).type("text/plain; charset=utf-8").send(`${err.message}\n`);
        throw err;
      }
      return sendCached(request, reply, await source.get(feed, format, query), config.cacheMaxAgeSeconds);
    },
  );

  app.get("/feeds.opml", async (request, reply) => {
    // The list depends only on the config, fixed for the server's lifetime.
    opml ??= cachedBody(feedsOpml(deps.publish), new Date(), "text/x-opml; charset=utf-8");
    return sendCached(request, reply, opml, config.cacheMaxAgeSeconds);
  });
}
