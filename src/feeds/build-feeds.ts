// Feeds from the store: select each feed's stories, load them once, render the three formats. `writeAllFeeds`
// writes every configured feed and feeds.opml to a public directory, each file atomically (write, then rename),
// and leaves a file untouched when its bytes did not change, so its mtime (Last-Modified) stays put.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../store/client.ts";
import { loadPublishedStories, selectStoryIds } from "../store/published-stories.ts";
import type { FeedDefinition, PublishedStory } from "../model.ts";
import type { FeedsConfig } from "../config/feeds.ts";
import { FEED_FORMATS, type FeedDocument, type FeedFormat } from "../publish/feed-document.ts";
import { renderRss } from "../publish/rss.ts";
import { renderAtom } from "../publish/atom.ts";
import { renderJsonFeed } from "../publish/json-feed.ts";
import { renderOpmlList } from "../config/opml.ts";
import type { FeedQuery } from "./feed-query.ts";

export interface PublishContext {
  db: Db;
  config: FeedsConfig;
  /** Display names for topic ids and country codes. */
  labels: Record<string, string>;
  /** Absolute base URL without a trailing slash, e.g. https://news.example.org. */
  publicUrl: string;
}

export const RENDERERS: Record<FeedFormat, (document: FeedDocument) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

export function feedUrl(publicUrl: string, name: string, format: FeedFormat, canonicalQuery = ""): string {
  return `${publicUrl}/feeds/${name}.${FEED_FORMATS[format].extension}${canonicalQuery ? `?${canonicalQuery}` : ""}`;
}

export function feedDocument(
  context: PublishContext,
  feed: FeedDefinition,
  items: PublishedStory[],
  canonicalQuery = "",
): FeedDocument {
  const selfUrl = (format: FeedFormat) => feedUrl(context.publicUrl, feed.name, format, canonicalQuery);
  return {
    key: canonicalQuery ? `${feed.name}?${canonicalQuery}` : feed.name,
    title: feed.title,
    description: feed.description,
    homeUrl: `${context.publicUrl}/`,
    selfUrls: { rss: selfUrl("rss"), atom: selfUrl("atom"), json: selfUrl("json") },
    items,
    tag: context.config.tag,
    labels: context.labels,
    hubUrl: context.config.hubUrl,
  };
}

/** One feed with a visitor's query applied on top of its own filter. */
export async function queryFeed(
  context: PublishContext,
  feed: FeedDefinition,
  query: FeedQuery,
): Promise<FeedDocument> {
  const { ids } = await selectStoryIds(context.db, [feed.filter, query.filter], query.limit ?? feed.items);
  return feedDocument(context, feed, await loadPublishedStories(context.db, ids), query.canonical);
}

export interface BuildResult {
  feeds: number;
  filesWritten: number;
  filesUnchanged: number;
  /** Milliseconds per phase: where a slow build spends its time. */
  timings: { select: number; load: number; render: number; write: number };
}

/** Renders every configured feed in every format into `outDir/feeds/`, plus `outDir/feeds.opml`. */
export async function writeAllFeeds(
  context: PublishContext,
  outDir: string,
  onProgress: (filesDone: number, filesTotal: number) => void = () => {},
): Promise<BuildResult> {
  const { db, config } = context;
  const clock = phaseClock();
  const selections = await Promise.all(config.feeds.map((feed) => selectStoryIds(db, feed.filter, feed.items)));
  const select = clock();
  const stories = new Map(
    (await loadPublishedStories(db, [...new Set(selections.flatMap((s) => s.ids))])).map((s) => [s.id, s]),
  );
  const load = clock();
  mkdirSync(path.join(outDir, "feeds"), { recursive: true });
  const formats = Object.keys(RENDERERS) as FeedFormat[];
  const total = config.feeds.length * formats.length + 1;
  let [render, write, written, done] = [0, 0, 0, 0];
  // Each file is written as soon as it is rendered, so one rendering is held at a time, not every feed in every
  // format: holding them all took a worker's memory up by ~45 MB at each build during a burst.
  const emit = (relative: string, rendered: () => string) => {
    const text = rendered();
    render += clock();
    if (writeIfChanged(path.join(outDir, relative), text)) written++;
    write += clock();
    onProgress(++done, total);
  };
  config.feeds.forEach((feed, i) => {
    const document = feedDocument(
      context,
      feed,
      selections[i].ids.flatMap((id) => stories.get(id) ?? []),
    );
    for (const format of formats)
      emit(path.join("feeds", `${feed.name}.${FEED_FORMATS[format].extension}`), () => RENDERERS[format](document));
  });
  emit("feeds.opml", () => feedsOpml(context));
  const timings = { select, load, render, write };
  return { feeds: config.feeds.length, filesWritten: written, filesUnchanged: total - written, timings };
}

function phaseClock(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = Math.round(now - last);
    last = now;
    return elapsed;
  };
}

export function feedsOpml(context: PublishContext): string {
  return renderOpmlList(
    context.config.title,
    context.config.feeds.map((feed) => ({
      title: feed.title,
      xmlUrl: feedUrl(context.publicUrl, feed.name, "atom"),
      htmlUrl: `${context.publicUrl}/`,
    })),
  );
}

function writeIfChanged(file: string, text: string): boolean {
  try {
    if (readFileSync(file, "utf8") === text) return false;
  } catch {
    // no such file yet: write it
  }
  const temporary = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
  return true;
}
