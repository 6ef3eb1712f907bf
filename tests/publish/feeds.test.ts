// Feeds rendered from a real Postgres database and checked by independent readers (jing + RFC 4287 schema,
// Debian's feedparser, a JSON Feed 1.1 schema), never only by our own parser.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/services.ts";
import { seedStories } from "../helpers/seed-stories.ts";
import { HOSTILE, THREE_COPIES, UNLINKABLE } from "./fixtures/stories.ts";
import { feedparser, jingProblems, jsonFeedProblems } from "./feed-readers.ts";
import { queryFeed, RENDERERS, writeAllFeeds, type PublishContext } from "../../src/feeds/build-feeds.ts";
import { parseFeedQuery } from "../../src/feeds/feed-query.ts";
import { parseFeedsConfig } from "../../src/config/feeds.ts";
import type { FeedFormat } from "../../src/publish/feed-document.ts";

let test: TestDatabase;
let context: PublishContext;
const FEEDS_YAML = "defaults: { all: true, topics: false, countries: [CN, KZ] }\n";

beforeAll(async () => {
  test = await createTestDatabase();
  await seedStories(test.db, [THREE_COPIES, HOSTILE, UNLINKABLE]);
  const config = parseFeedsConfig(FEEDS_YAML, "feeds.yaml", {
    topics: ["security", "transport_infrastructure"],
    countries: [
      { code: "CN", name: "China" },
      { code: "KZ", name: "Kazakhstan" },
      { code: "UZ", name: "Uzbekistan" },
    ],
  });
  // A display name with markup and a control character: categories must come out as plain, valid text.
  const labels = { security: "Security <&> \u0008", CN: "China", KZ: "Kazakhstan", UZ: "Uzbekistan" };
  context = { db: test.db, config, labels, publicUrl: "https://news.example.org" };
}, 120_000);

afterAll(async () => {
  await test?.drop();
});

async function renderAll(query: Record<string, string> = {}): Promise<Record<FeedFormat, string>> {
  const document = await queryFeed(context, context.config.feeds[0], parseFeedQuery(query));
  return { rss: RENDERERS.rss(document), atom: RENDERERS.atom(document), json: RENDERERS.json(document) };
}

describe("published feeds", () => {
  it("gives a story with three copies one item with two related links in every format", async () => {
    const { rss, atom, json } = await renderAll();
    const atomEntry = feedparser(atom).entries.find((e) => e.id.endsWith(THREE_COPIES.id!))!;
    expect(atomEntry.id).toBe(`tag:silkwire,2026:story:${THREE_COPIES.id}`);
    expect(atomEntry.link).toBe("https://en.inform.kz/news/china-kazakhstan-rail-freight-record");
    expect(atomEntry.links.filter((l) => l.rel === "related").map((l) => [l.href, l.title])).toEqual([
      ["https://timesca.com/rail-freight-record/", "The Times of Central Asia"],
      ["https://russian.news.cn/20261128/rail.htm", "Синьхуа"],
    ]);
    for (const text of [atomEntry.summary, atomEntry.content[0]]) expect(text).toContain("Also reported by");
    const rssEntry = feedparser(rss).entries.find((e) => e.id.endsWith(THREE_COPIES.id!))!;
    expect(rssEntry.guidislink).toBe(false);
    expect(rssEntry.summary).toContain("The Times of Central Asia");
    expect(rssEntry.content[0]).toContain("https://russian.news.cn/20261128/rail.htm");
    const item = JSON.parse(json).items.find((i: { id: string }) => i.id.endsWith(THREE_COPIES.id!));
    expect(item.summary).toContain(
      "Also reported by: The Times of Central Asia (https://timesca.com/rail-freight-record/)",
    );
    expect(
      item._silkwire.copies.map((c: { outlet: string; country: string | null; language: string }) => [
        c.outlet,
        c.country,
        c.language,
      ]),
    ).toEqual([
      ["Kazinform", "KZ", "en"],
      ["The Times of Central Asia", null, "en"],
      ["Синьхуа", "CN", "ru"],
    ]);
    expect(item._silkwire.evidence).toEqual([{ term: "khorgos", kind: "entity", where: "title" }]);
    expect(item.tags).toEqual(["transport_infrastructure", "China", "Kazakhstan"]);
  });

  it("has readers that do reject broken feeds (so a pass means something)", () => {
    expect(jingProblems('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>')).toMatch(
      /missing|incomplete/i,
    );
    expect(feedparser("<rss><channel><title>a & b</title></channel></rss>").bozo).toBe(true);
    expect(
      jsonFeedProblems('{"version":"https://jsonfeed.org/version/1","title":"x","items":[],"author":{}}'),
    ).not.toEqual([]);
  });

  it("keeps a hostile article valid and harmless in all three formats", async () => {
    const { rss, atom, json } = await renderAll();
    expect(jingProblems(atom)).toBe("");
    expect(jsonFeedProblems(json)).toEqual([]);
    for (const xml of [rss, atom]) {
      const parsed = feedparser(xml);
      expect(parsed.bozo_exception).toBeNull();
      expect(parsed.bozo).toBe(false);
      const entry = parsed.entries.find((e) => e.id.endsWith(HOSTILE.id!))!;
      expect(entry.title).toContain("مرحبا بالعالم 🚄🇨🇳");
      expect(entry.title).not.toMatch(/<script|onerror/i);
      expect(entry.tags).toContain("Security <&>");
      expect(xml).not.toMatch(/\u0008/);
    }
    for (const output of [rss, atom, json]) {
      expect(output).not.toMatch(/javascript:|onerror|onclick|<script|&lt;script/i);
      expect(output).toContain("https://good.example/ok");
      expect(output).not.toContain("Unlinkable story");
    }
    const item = JSON.parse(json).items.find((i: { id: string }) => i.id.endsWith(HOSTILE.id!));
    expect(item.authors).toEqual([{ name: "Mallory" }]);
    expect(item._silkwire.copies.map((c: { url: string }) => c.url)).toEqual([
      "https://evil.example.uz/a?x=1&y=%3C2%3E",
      "https://rtl.example/ar/news?id=1&lang=ar",
    ]);
  });

  it("writes the query into the self link in a fixed order and applies it", async () => {
    const { atom, json } = await renderAll({ filterout: "Khorgos", limit: "5", topic: "security", ignored: "x" });
    const self = "https://news.example.org/feeds/all.atom?limit=5&topic=security&filterout=Khorgos";
    expect(feedparser(atom).feed.links).toContainEqual({ rel: "self", href: self });
    const parsed = JSON.parse(json);
    expect(parsed.feed_url).toBe(self.replace(".atom", ".json"));
    expect(parsed.items.map((i: { id: string }) => i.id)).toEqual([`tag:silkwire,2026:story:${HOSTILE.id}`]);
  });

  it("rebuilds to identical bytes when nothing changed, and leaves the files untouched", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "silkwire-public-"));
    try {
      const first = await writeAllFeeds(context, dir);
      const files = readdirSync(path.join(dir, "feeds")).sort();
      expect(files).toEqual([
        "all.atom",
        "all.json",
        "all.xml",
        "cn.atom",
        "cn.json",
        "cn.xml",
        "kz.atom",
        "kz.json",
        "kz.xml",
      ]);
      const before = files.map(
        (f) => [readFileSync(path.join(dir, "feeds", f)), statSync(path.join(dir, "feeds", f)).mtimeMs] as const,
      );
      const second = await writeAllFeeds(context, dir);
      expect(first.filesWritten).toBe(10);
      expect(second.filesWritten).toBe(0);
      files.forEach((f, i) => {
        expect(readFileSync(path.join(dir, "feeds", f)).equals(before[i][0])).toBe(true);
        expect(statSync(path.join(dir, "feeds", f)).mtimeMs).toBe(before[i][1]);
      });
      expect(readFileSync(path.join(dir, "feeds.opml"), "utf8")).toContain(
        'xmlUrl="https://news.example.org/feeds/kz.atom"',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
