import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/parsers/feed.ts";
import { ParseError } from "../../src/parsers/errors.ts";
import { decodeBody } from "../../src/parsers/charset.ts";
import {
  ARTICLES,
  CYRILLIC_TITLE,
  atomFeed,
  cp1251Feed,
  htmlInsteadOfFeed,
  malformedFeed,
  rss1Feed,
  rss2Feed,
} from "../fixtures/news-site.ts";

const BASE = "https://steppe.example";

describe("parseFeed", () => {
  it("reads RSS 2.0: links, GUIDs, dates, teaser text without tags", async () => {
    const feed = await parseFeed(rss2Feed(BASE), `${BASE}/feed`);
    expect(feed.title).toBe("Steppe Wire");
    expect(feed.items).toHaveLength(ARTICLES.length);
    const [first] = feed.items;
    expect(first.url).toBe(`${BASE}/news/${ARTICLES[0].slug}?utm_source=rss&utm_medium=feed`);
    expect(first.guid).toBe(`steppe-${ARTICLES[0].slug}`);
    expect(first.publishedAt?.toISOString()).toBe(new Date(ARTICLES[0].published).toISOString());
    expect(first.summary).toMatch(/^Officials from Kyrgyzstan/);
    expect(first.summary).not.toMatch(/<p>/);
  });

  it("reads Atom with full content and author", async () => {
    const [entry] = (await parseFeed(atomFeed(BASE), `${BASE}/atom`)).items;
    expect(entry.url).toBe(`${BASE}/science/${ARTICLES[2].slug}`);
    expect(entry.author).toBe("Rustam Nazarov");
    expect(entry.contentHtml).toContain("<p>Researchers from the Tajik academy");
    expect(entry.publishedAt?.toISOString()).toBe("2026-11-22T04:15:00.000Z");
  });

  it("reads RSS 1.0 (RDF) with dc:date", async () => {
    const [item] = (await parseFeed(rss1Feed(BASE), `${BASE}/rdf`)).items;
    expect(item.title).toBe("Turkmen gas exports to China rise in autumn");
    expect(item.publishedAt?.toISOString()).toBe("2026-11-19T10:00:00.000Z");
  });

  it("reads a windows-1251 feed once decoded", async () => {
    const { text, charset } = decodeBody(cp1251Feed(BASE), "application/xml");
    expect(charset).toBe("windows-1251");
    const [item] = (await parseFeed(text, `${BASE}/ru`)).items;
    expect(item.title).toBe(CYRILLIC_TITLE);
    expect(item.contentHtml).toContain("поставки пшеницы");
  });

  it("recovers items from a feed that is not well-formed XML", async () => {
    const feed = await parseFeed(malformedFeed(BASE), `${BASE}/broken`);
    expect(feed.items.map((i) => i.url)).toContain(`${BASE}/broken/wheat`);
    expect(feed.items[0].title).toBe("Kazakh wheat reaches Xi'an & beyond");
  });

  it("resolves relative item links against the feed", async () => {
    const xml = `<rss version="2.0"><channel><title>t</title><item><title>x</title><link>/news/relative</link></item></channel></rss>`;
    const [item] = (await parseFeed(xml, "https://site.example/feeds/main.xml")).items;
    expect(item.url).toBe("https://site.example/news/relative");
  });

  it("raises a clear ParseError for an HTML page, an empty body and random text", async () => {
    await expect(parseFeed(htmlInsteadOfFeed(), `${BASE}/feed`)).rejects.toThrow(
      /not a feed: the server returned an HTML page/,
    );
    await expect(parseFeed("", `${BASE}/feed`)).rejects.toBeInstanceOf(ParseError);
    await expect(parseFeed("just some words", `${BASE}/feed`)).rejects.toThrow(
      /not a feed: document starts with "just some words"/,
    );
  });

  it("treats a complete feed with no items as empty, not broken", async () => {
    const feed = await parseFeed(
      `<?xml version="1.0"?><rss><channel><title>Quiet</title></channel></rss>`,
      `${BASE}/feed`,
    );
    expect(feed.items).toEqual([]);
  });

  it("in a broken feed, takes the RSS author when the Atom author name is empty", async () => {
    // The & makes the document malformed, so the lenient reader takes it.
    const xml = `<rss version="2.0"><channel><title>t & co</title>
<item><title>Rail</title><link>${BASE}/rail</link><author><name> </name></author><dc:creator></dc:creator></item>
<item><title>Gas</title><link>${BASE}/gas</link><author>desk@steppe.example (Aida Bekova)</author></item>
</channel></rss>`;
    const items = (await parseFeed(xml, `${BASE}/feed`)).items;
    expect(items.map((i) => i.author)).toEqual([undefined, "desk@steppe.example (Aida Bekova)"]);
  });
});
