import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { isSeq, parseDocument, YAMLSeq } from "yaml";
import type { OpmlFeed } from "./opml.ts";
import { slugFor } from "./opml.ts";
import { parseSourcesConfig } from "./sources.ts";

export interface AppendResult {
  added: Array<{ id: string; url: string }>;
  skipped: Array<{ url: string; reason: string }>;
}

/** Codes of a write refused by the file system or its permissions: a read-only mount, a directory owned by another user. */
const READ_ONLY_CODES = new Set(["EROFS", "EACCES", "EPERM"]);

/** The merged sources file could not be written; nothing was changed. The message says what to do instead. */
export class SourcesFileNotWritable extends Error {
  constructor(target: string, code: string, sourcesFile: string) {
    const readOnly = READ_ONLY_CODES.has(code);
    super(
      readOnly
        ? `cannot write ${target} (${code}: read-only for this process). In a container the config directory is ` +
            `mounted read-only (docker-compose.yml mounts ./config:ro): run the import on the host, next to ./config ` +
            `(npx silkwire sources import FILE.opml), or write the result elsewhere with --out FILE and copy it over ` +
            `${sourcesFile}. Nothing was changed.`
        : `cannot write ${target} (${code}). Choose another --out FILE. Nothing was changed.`,
    );
    this.name = "SourcesFileNotWritable";
  }
}

/**
 * Appends feeds to sources.yaml, keeping the file's comments and layout. Feeds whose URL is already configured
 * are skipped. The result is validated before it replaces the file (or is written to `out`), so a bad import never
 * leaves a broken config.
 */
export function appendFeedsToSourcesFile(file: string, feeds: OpmlFeed[], out: string = file): AppendResult {
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
  const temporary = `${out}.tmp-${process.pid}`;
  let written = false;
  try {
    writeFileSync(temporary, updated);
    written = true;
    renameSync(temporary, out);
  } catch (err) {
    if (written) rmSync(temporary, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code) throw new SourcesFileNotWritable(out, code, file);
    throw err;
  }
  return result;
}
