// Hostile nesting: one item or page nested tens of thousands of tags deep must cost milliseconds and drop only
// itself, with a reason, never overflow the stack or stall the worker.
import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/parsers/feed.ts";
import { parseListing } from "../../src/parsers/listing.ts";
import { extractArticle } from "../../src/parsers/article/index.ts";
import { sanitizeArticleHtml } from "../../src/parsers/sanitize.ts";
import { htmlToParagraphs, htmlToPlainText } from "../../src/parsers/text.ts";
import { HtmlLimitError } from "../../src/parsers/html-limits.ts";
import { ParseError } from "../../src/parsers/errors.ts";

const BASE = "https://steppe.example";
const nested = (depth: number, tag = "b") => `<${tag}>`.repeat(depth) + "deep" + `</${tag}>`.repeat(depth);
const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

function feedWith(poison: string, good = 20): string {
  const items = Array.from(
    { length: good },
    (_, i) => `<item><title>Story ${i}</title><link>${BASE}/news/${i}</link><guid>g${i}</guid></item>`,
  );
  items.splice(10, 0, poison);
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Steppe</title>${items.join("")}</channel></rss>`;
}

describe("text of deeply nested HTML", () => {
  it("is taken without recursion up to the limit: 250 levels keep their text and paragraphs", () => {
    expect(htmlToPlainText(nested(250, "b"))).toBe("deep");
    expect(htmlToParagraphs(`<p>one</p>${nested(250, "div")}<p>two</p>`)).toBe("one\n\ndeep\n\ntwo");
  });

  it.each([
    ["htmlToPlainText", () => htmlToPlainText(nested(100_000))],
    ["htmlToParagraphs", () => htmlToParagraphs(nested(100_000))],
    ["sanitizeArticleHtml", () => sanitizeArticleHtml(nested(100_000), BASE)],
  ])("%s refuses 100,000 nested tags with HtmlLimitError, not a stack overflow", (_name, run) => {
    expect(run).toThrow(HtmlLimitError);
    expect(run).toThrow(/nested more than 256 elements deep/);
  });

  it("refuses a fragment over the size limit before parsing it", () => {
    expect(() => htmlToParagraphs(`<p>${"x".repeat(1_000_001)}</p>`)).toThrow(/over the 1000000 limit/);
    expect(() => sanitizeArticleHtml(nested(100_000, "blockquote"), BASE)).toThrow(/2500004 characters, over the/);
  });
});

describe("a feed with one poisoned item", () => {
  it.each([
    [
      "a title of escaped nested tags",
      `<item><title>${escapeXml(nested(100_000))}</title><link>${BASE}/bad</link><guid>bad</guid></item>`,
    ],
    [
      "content:encoded in CDATA",
      `<item><title>Bad</title><link>${BASE}/bad</link><guid>bad</guid><content:encoded><![CDATA[${nested(100_000)}]]></content:encoded></item>`,
    ],
    [
      "raw nested markup in the description",
      `<item><title>Bad</title><link>${BASE}/bad</link><guid>bad</guid><description>${nested(100_000)}</description></item>`,
    ],
  ])("keeps the 20 good items and drops the one with %s, saying why", async (_name, poison) => {
    const feed = await parseFeed(feedWith(poison), `${BASE}/feed`);
    expect(feed.items.map((i) => i.guid)).toEqual(Array.from({ length: 20 }, (_, i) => `g${i}`));
    expect(feed.dropped).toEqual([
      { item: "bad", reason: expect.stringMatching(/^HTML nested more than \d+ elements deep$/) },
    ]);
  });
});

describe("pages nested too deep", () => {
  it("an article page is a typed ParseError naming the depth", () => {
    const page = `<html><body><article>${nested(100_000, "div")}</article></body></html>`;
    expect(() => extractArticle(page, `${BASE}/a`)).toThrow(ParseError);
    expect(() => extractArticle(page, `${BASE}/a`)).toThrow(/a: HTML nested more than 512 elements deep/);
  });

  it("a listing page is a typed ParseError, not a stack overflow in a selector", () => {
    const page = `<div class="card"><a href="/a">A</a></div>${nested(100_000, "div")}`;
    expect(() => parseListing(page, BASE, { item: ".card", link: "a" })).toThrow(ParseError);
  });
});

describe("deep JSON-LD", () => {
  it("reads the headline under 100,000 nested arrays without recursion", () => {
    const nestedName = "[".repeat(100_000) + '"Deep headline"' + "]".repeat(100_000);
    const page = `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":${nestedName}}</script></head><body><article><p>${"Text of the article. ".repeat(20)}</p></article></body></html>`;
    expect(extractArticle(page, `${BASE}/a`).title).toBe("Deep headline");
  });
});
