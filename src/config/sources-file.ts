import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { isSeq, parseDocument, YAMLSeq } from "yaml";
import type { OpmlFeed } from "./opml.ts";
import { slugFor } from "./opml.ts";
import { parseSourcesConfig } from "./sources.ts";

export interface AppendResult {
  added: Array<{ id: string; url: string }>;
  skipped: Array<{ url: string; reason: string }>;
}

/**
 * Appends feeds to sources.yaml, keeping the file's comments and layout. Feeds whose URL is already configured
 * are skipped. The result is validated before it replaces the file, so a bad import never leaves a broken config.
 */
export function appendFeedsToSourcesFile(file: string, feeds: OpmlFeed[]): AppendResult {
  const text = readFileSync(file, "utf8");
  const config = parseSourcesConfig(text, file);
  const doc = parseDocument(text);
  if (!doc.has("sources") || !isSeq(doc.get("sources"))) doc.set("sources", new YAMLSeq());
  const list = doc.get("sources") as YAMLSeq;
  const takenIds = new Set(config.sources.map((s) => s.id));
  const knownUrls = new Set(config.sources.map((s) => s.url));
  const result: AppendResult = { added: [], skipped: [] };
  for (const feed of feeds) {
    if (!/^https?:\/\//i.test(feed.xmlUrl)) {
      result.skipped.push({ url: feed.xmlUrl, reason: "not an http(s) URL" });
      continue;
    }
    if (knownUrls.has(feed.xmlUrl)) {
      result.skipped.push({ url: feed.xmlUrl, reason: "already configured" });
      continue;
    }
    knownUrls.add(feed.xmlUrl);
    const id = slugFor(feed.title, feed.xmlUrl, takenIds);
    list.add(
      doc.createNode({
        id,
        name: feed.title,
        url: feed.xmlUrl,
        type: "feed",
        ...(feed.language ? { language: feed.language } : {}),
      }),
    );
    result.added.push({ id, url: feed.xmlUrl });
  }
  const updated = doc.toString({ lineWidth: 0 });
  parseSourcesConfig(updated, file);
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, updated);
  renameSync(temporary, file);
  return result;
}
