// Independent readers for our feeds: Debian's jing with the RFC 4287 schema, Debian's python3-feedparser, and a
// JSON Feed 1.1 schema through ajv. None of them shares code with our renderers.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), "fixtures");

/** jing's complaints about an Atom document (empty when it is valid against RFC 4287's schema). */
export function jingProblems(atom: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "silkwire-jing-"));
  try {
    const file = path.join(dir, "feed.atom");
    writeFileSync(file, atom);
    const result = spawnSync("jing", ["-c", path.join(FIXTURES, "atom.rnc"), file], { encoding: "utf8" });
    // Debian's wrapper warns on stderr about optional jars; jing's own findings go to stdout.
    const stderr = result.stderr.split("\n").filter((line) => line.trim() && !line.startsWith("[warning]"));
    return [result.stdout.trim(), ...stderr, result.status === 0 ? "" : `(exit ${result.status})`]
      .filter(Boolean)
      .join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ParsedByFeedparser {
  bozo: boolean;
  bozo_exception: string | null;
  version: string;
  feed: { title: string; links: Array<{ rel: string; href: string }> };
  entries: Array<{
    id: string;
    title: string;
    link: string;
    links: Array<{ rel: string; href: string; title?: string }>;
    tags: string[];
    summary: string;
    content: string[];
    published: string | null;
    updated: string | null;
    guidislink: boolean | null;
  }>;
}

const FEEDPARSER_SCRIPT = `
import sys, json, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
  "bozo": bool(d.bozo), "bozo_exception": str(d.get("bozo_exception")) if d.bozo else None, "version": d.version,
  "feed": {"title": d.feed.get("title", ""), "links": [{"rel": l.get("rel"), "href": l.get("href")} for l in d.feed.get("links", [])]},
  "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link"),
    "links": [{"rel": l.get("rel"), "href": l.get("href"), "title": l.get("title")} for l in e.get("links", [])],
    "tags": [t.get("term") for t in e.get("tags", [])], "summary": e.get("summary", ""),
    "content": [c.get("value") for c in e.get("content", [])], "published": e.get("published"),
    "updated": e.get("updated"), "guidislink": e.get("guidislink")} for e in d.entries]}))
`;

/** The document as Debian's feedparser (Python) reads it. */
export function feedparser(xml: string): ParsedByFeedparser {
  // /usr/bin/python3: Debian's interpreter, where python3-feedparser lives (a pyenv python3 would not see it).
  const out = execFileSync("/usr/bin/python3", ["-c", FEEDPARSER_SCRIPT], { input: xml, encoding: "utf8" });
  return JSON.parse(out) as ParsedByFeedparser;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const validateJsonFeed = ajv.compile(JSON.parse(readFileSync(path.join(FIXTURES, "jsonfeed-1.1.schema.json"), "utf8")));

/** Schema violations of a JSON Feed 1.1 document (empty when valid). */
export function jsonFeedProblems(text: string): string[] {
  if (validateJsonFeed(JSON.parse(text))) return [];
  return (validateJsonFeed.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
