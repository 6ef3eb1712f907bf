// The status tells the pipeline whether to trust the text or keep the feed summary; and no input may throw.
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../src/parsers/article/index.ts";

const URL = "https://news.example/a";
const paragraph = (n: number) =>
  `<p>Paragraph ${n}: the customs union discussed new rules for transit cargo between the member states and China this week.</p>`;

describe("status", () => {
  it("is ok for an ordinary article", () => {
    const html = `<html><body><article>${[1, 2, 3].map(paragraph).join("")}</article></body></html>`;
    expect(extractArticle(html, URL).status).toBe("ok");
  });

  it("is no-article for an empty shell or a page of navigation only", () => {
    expect(extractArticle("<html><body></body></html>", URL).status).toBe("no-article");
    const nav = `<html><body><ul>${"<li><a href='/x'>Section</a></li>".repeat(30)}</ul></body></html>`;
    expect(extractArticle(nav, URL)).toMatchObject({ status: "no-article", text: "" });
  });

  it("is not-html for a declared non-HTML type, a PDF, JSON or binary body", () => {
    expect(extractArticle("<html></html>", URL, { contentType: "application/pdf" }).status).toBe("not-html");
    expect(extractArticle("%PDF-1.7\n%âãÏÓ\n1 0 obj", URL).status).toBe("not-html");
    expect(extractArticle('{"items": []}', URL).status).toBe("not-html");
    expect(extractArticle("GIF89a\u0000\u0001\u0000", URL).status).toBe("not-html");
    expect(extractArticle("just some words without any markup at all", URL).status).toBe("not-html");
  });

  it("accepts text/html and application/xhtml+xml with parameters", () => {
    const html = `<html><body><article>${[1, 2, 3].map(paragraph).join("")}</article></body></html>`;
    expect(extractArticle(html, URL, { contentType: "text/html; charset=utf-8" }).status).toBe("ok");
    expect(extractArticle(html, URL, { contentType: "application/xhtml+xml" }).status).toBe("ok");
  });

  it("is paywalled for a teaser under a 'subscribe to continue reading' prompt", () => {
    const html = `<html><body><article><p>Short teaser about copper mines in the region.</p><p>Subscribe now to continue reading this story.</p></article></body></html>`;
    expect(extractArticle(html, URL).status).toBe("paywalled");
  });

  it("stays ok for a full article on a site that has a paywall login bar", () => {
    const html = `<html><body><div class="paywall-login">Log in</div><article>${[1, 2, 3].map(paragraph).join("")}</article></body></html>`;
    expect(extractArticle(html, URL).status).toBe("ok");
  });

  it("is listing when the page declares a CollectionPage and no article", () => {
    const ld = `<script type="application/ld+json">{"@type":"CollectionPage","name":"Economy"}</script>`;
    const html = `<html><head>${ld}</head><body>${[1, 2, 3].map(paragraph).join("")}</body></html>`;
    expect(extractArticle(html, URL).status).toBe("listing");
  });

  it("is listing for a category page of <article> cards, each a linked heading and a teaser", () => {
    const card = (n: number) =>
      `<article class="post"><h2 class="entry-title"><a href="/2025/05/story-${n}">Story ${n} about regional trade</a></h2><div class="entry-summary"><p>Teaser ${n}: officials discussed new customs rules, rail tariffs and the timetable for the border crossing.</p></div></article>`;
    const html = `<html><head><meta property="og:type" content="website"></head><body><main><h1>Economy</h1>${[1, 2, 3, 4, 5, 6].map(card).join("")}</main></body></html>`;
    expect(extractArticle(html, URL).status).toBe("listing");
  });

  it("stays ok for an article followed by a row of story cards", () => {
    const card = (n: number) =>
      `<div><h3><a href="/other/${n}">Other story ${n}</a></h3><p>Teaser ${n}: a short summary of another story from the region, enough to tempt a click.</p></div>`;
    const body = [1, 2, 3, 4, 5, 6, 7, 8].map(paragraph).join("");
    const html = `<html><body><div><article>${body}</article><div>${[1, 2, 3, 4, 5].map(card).join("")}</div></div></body></html>`;
    expect(extractArticle(html, URL).status).toBe("ok");
  });

  it("stays ok for an article that ends with a box of linked headlines", () => {
    const more = [1, 2, 3, 4]
      .map((n) => `<h4><a href="/other/${n}">Other story ${n} about the region</a></h4>`)
      .join("");
    const html = `<html><head><meta property="og:type" content="article"></head><body><article>${[1, 2, 3].map(paragraph).join("")}${more}</article></body></html>`;
    expect(extractArticle(html, URL).status).toBe("ok");
  });
});

describe("garbage in, a status out", () => {
  it.each([
    ["empty string", ""],
    ["unclosed tags", "<html><body><div><p>Half a page <b>bold <i>and"],
    ["stray closing tags", "</div></p></body><p>text</p></html></html>"],
    ["binary noise", String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256))],
    ["nesting up to the limit", "<div>".repeat(500) + "<p>deep</p>" + "</div>".repeat(500)],
    [
      "broken JSON-LD and odd URLs",
      `<script type="application/ld+json">{{{</script><a href="javascript:alert(1)">x</a><img src="http://[::1">`,
    ],
  ])("on %s", (_name, html) => {
    const article = extractArticle(html, "not a url");
    expect(typeof article.text).toBe("string");
    expect(typeof article.html).toBe("string");
    expect(["ok", "no-article", "paywalled", "not-html", "listing"]).toContain(article.status);
    expect(article.canonicalUrl).toBeUndefined();
  });

  it("reads only the first 2 MB of a longer page, and still finds the article", () => {
    const huge = `<html><body><article>${Array.from({ length: 20000 }, (_, i) => paragraph(i)).join("")}</article></body></html>`;
    const started = performance.now();
    const article = extractArticle(huge, URL);
    expect(article.status).toBe("ok");
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
