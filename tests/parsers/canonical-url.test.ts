import { describe, expect, it } from "vitest";
import { canonicalizeUrl, cleanLink } from "../../src/parsers/canonical-url.ts";

describe("canonicalizeUrl", () => {
  it.each([
    ["HTTP://WWW.Example.COM:80/news/story/", "https://example.com/news/story"],
    ["https://example.com:443/a?utm_source=rss&utm_medium=feed&id=7#comments", "https://example.com/a?id=7"],
    ["https://example.com/a?fbclid=x&gclid=y&b=2&a=1&yclid=z", "https://example.com/a?a=1&b=2"],
    ["https://m.example.com/news/1", "https://example.com/news/1"],
    ["https://example.com/amp/news/1", "https://example.com/news/1"],
    ["https://example.com/news/1/amp/", "https://example.com/news/1"],
    ["https://example.com/news/1.amp.html", "https://example.com/news/1.html"],
    ["https://amp.example.com/news/1?outputType=amp", "https://example.com/news/1"],
    ["https://example.com//news//1", "https://example.com/news/1"],
    ["https://user:pw@example.com/x", "https://example.com/x"],
    ["https://example.com", "https://example.com/"],
  ])("%s → %s", (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it("keeps parameters that select the page, and non-default ports", () => {
    expect(canonicalizeUrl("https://example.com:8443/index.php?p=123")).toBe(
      "https://example.com:8443/index.php?p=123",
    );
  });

  it("resolves relative links against a base", () => {
    expect(canonicalizeUrl("../world/1?ref_src=tw", "https://www.example.com/news/kz/")).toBe(
      "https://example.com/news/world/1",
    );
  });

  it("does not strip www. from a bare suffix", () => {
    expect(canonicalizeUrl("https://www.com/x")).toBe("https://www.com/x");
  });
});

describe("cleanLink: the outlet's own link, minus trackers", () => {
  it.each([
    // http stays http, the host and path stay as served: only the canonical key normalises them.
    ["http://127.0.0.1:8931/a/x.html", "http://127.0.0.1:8931/a/x.html"],
    ["http://www.example.com/News/1/?utm_source=rss&id=7&fbclid=x", "http://www.example.com/News/1/?id=7"],
    ["https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"],
    ["https://example.com/a#comments", "https://example.com/a"],
    ["https://example.com/a#xtor=RSS-3", "https://example.com/a"],
    ["https://example.com/#/story/1", "https://example.com/#/story/1"],
    ["https://example.com/app#!/news/2?utm_medium=x", "https://example.com/app#!/news/2?utm_medium=x"],
  ])("%s → %s", (input, expected) => {
    expect(cleanLink(input)).toBe(expected);
  });

  it("keeps route fragments in the canonical key too: two routes are two articles", () => {
    expect(canonicalizeUrl("http://www.example.com/#/story/1")).toBe("https://example.com/#/story/1");
    expect(canonicalizeUrl("https://example.com/#/story/1")).not.toBe(canonicalizeUrl("https://example.com/#/story/2"));
    expect(canonicalizeUrl("https://example.com/a#section-2")).toBe("https://example.com/a");
  });
});
