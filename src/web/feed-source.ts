// Where a feed's bytes come from. Without query parameters: the file `feeds build` wrote (re-read when its mtime
// changes), so the server and a static server give the same bytes. With parameters, or before any build: rendered
// from the store and kept for a few seconds, so a burst of readers costs one query.
import { stat, readFile } from "node:fs/promises";
import path from "node:path";
import type { FeedDefinition } from "../model.ts";
import { FEED_FORMATS, feedUpdated, type FeedFormat } from "../publish/feed-document.ts";
import { queryFeed, RENDERERS, type PublishContext } from "../feeds/build-feeds.ts";
import type { FeedQuery } from "../feeds/feed-query.ts";
import { cachedBody, type CachedBody } from "./http-cache.ts";

const RENDERED_TTL_MS = 10_000;
const STAT_INTERVAL_MS = 1_000;
const MAX_RENDERED = 500;

export class FeedSource {
  private readonly files = new Map<string, { mtimeMs: number; size: number; checkedAt: number; entry: CachedBody }>();
  private readonly rendered = new Map<string, { until: number; entry: Promise<CachedBody> }>();
  private readonly context: PublishContext;
  private readonly publicDir: string;

  constructor(context: PublishContext, publicDir: string) {
    this.context = context;
    this.publicDir = publicDir;
  }

  async get(feed: FeedDefinition, format: FeedFormat, query: FeedQuery): Promise<CachedBody> {
    if (!query.canonical) {
      const built = await this.builtFile(feed, format);
      if (built) return built;
    }
    return this.render(feed, format, query);
  }

  private async builtFile(feed: FeedDefinition, format: FeedFormat): Promise<CachedBody | undefined> {
    const file = path.join(this.publicDir, "feeds", `${feed.name}.${FEED_FORMATS[format].extension}`);
    const known = this.files.get(file);
    const now = Date.now();
    // A rebuild is noticed within a second; under load, readers do not each pay for a stat().
    if (known && now - known.checkedAt < STAT_INTERVAL_MS) return known.entry;
    const info = await stat(file).catch(() => undefined);
    if (!info) return undefined;
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) {
      known.checkedAt = now;
      return known.entry;
    }
    const entry = cachedBody(await readFile(file), info.mtime, FEED_FORMATS[format].contentType);
    this.files.set(file, { mtimeMs: info.mtimeMs, size: info.size, checkedAt: now, entry });
    return entry;
  }

  private render(feed: FeedDefinition, format: FeedFormat, query: FeedQuery): Promise<CachedBody> {
    const key = `${feed.name}.${format}?${query.canonical}`;
    const now = Date.now();
    const hit = this.rendered.get(key);
    if (hit && hit.until > now) return hit.entry;
    if (this.rendered.size >= MAX_RENDERED) this.rendered.clear();
    const entry = queryFeed(this.context, feed, query).then((document) =>
      cachedBody(RENDERERS[format](document), feedUpdated(document), FEED_FORMATS[format].contentType),
    );
    this.rendered.set(key, { until: now + RENDERED_TTL_MS, entry });
    entry.catch(() => this.rendered.delete(key)); // a failed render is not cached
    return entry;
  }
}
