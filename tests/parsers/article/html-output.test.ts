// The article HTML goes to readers' screens and into published feeds: structure kept, everything else dropped.
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../src/parsers/article/index.ts";
import { normalizeTimestamp } from "../../../src/parsers/article/timestamps.ts";

const FILLER =
  "<p>" +
  "Officials from both countries met again to discuss the timetable of the new freight line. ".repeat(3) +
  "</p>";
const articleHtml = (inner: string) =>
  extractArticle(
    `<html><body><div class="article-content">${FILLER}${inner}${FILLER.replace("again", "later")}</div></body></html>`,
    "https://news.example/world/story",
  ).html;

describe("article HTML", () => {
  it("keeps headings, lists, quotes and emphasis", () => {
    const html =
      articleHtml(`<h2>What was agreed</h2><ul><li>Customs checks moved to one side of the border</li><li>Trains run every day</li></ul>
      <blockquote><p>"We have waited for this for a long time," the minister said at the opening.</p></blockquote><p>Plain <strong>strong</strong> and <em>stressed</em> words in a paragraph of text.</p>`);
    expect(html).toContain("<h2>What was agreed</h2>");
    expect(html).toContain(
      "<ul>\n<li>Customs checks moved to one side of the border</li>\n<li>Trains run every day</li>\n</ul>",
    );
    expect(html).toContain(
      '<blockquote>\n<p>"We have waited for this for a long time," the minister said at the opening.</p>\n</blockquote>',
    );
    expect(html).toContain("<strong>strong</strong> and <em>stressed</em>");
  });

  it("makes links and images absolute and drops unsafe schemes", () => {
    const html =
      articleHtml(`<p>See the <a href="../data/report.pdf" onclick="x()">full report</a> and <a href="javascript:alert(1)">this</a> or <a href="mailto:desk@news.example">write to us</a> about the trade statistics.</p>
      <figure><img src="/img/map.png" alt="Map" width="640" onerror="x()"><figcaption>The route</figcaption></figure>`);
    expect(html).toContain('<a href="https://news.example/data/report.pdf">full report</a>');
    expect(html).not.toMatch(/javascript|onclick|onerror/);
    expect(html).toContain('<a href="mailto:desk@news.example">write to us</a>');
    expect(html).toContain(
      '<figure><img src="https://news.example/img/map.png" alt="Map" /><figcaption>The route</figcaption></figure>',
    );
  });

  it("takes the real address of lazy-loaded images and skips tracking pixels", () => {
    const html = articleHtml(
      `<img src="data:image/gif;base64,R0lG" data-src="/img/real.jpg" alt="Port"><img src="/pixel.gif" width="1" height="1">`,
    );
    expect(html).toContain('src="https://news.example/img/real.jpg"');
    expect(html).not.toContain("pixel.gif");
  });

  it("escapes text that looks like markup", () => {
    const html = articleHtml(
      `<p>The index rose &lt;script&gt;alert(1)&lt;/script&gt; by five points over the quarter, analysts said.</p>`,
    );
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
  });

  it("separates text paragraphs with one blank line and splits <br><br> runs", () => {
    const article = extractArticle(
      `<html><body><div class="content">First paragraph of the statement about the new border crossing and its hours.<br><br>Second paragraph of the statement, which lists the customs posts involved in the pilot.</div></body></html>`,
      "https://news.example/a",
    );
    expect(article.text).toBe(
      "First paragraph of the statement about the new border crossing and its hours.\n\nSecond paragraph of the statement, which lists the customs posts involved in the pilot.",
    );
  });
});

describe("timestamps keep the page's offset", () => {
  it.each([
    ["2024-05-18T09:00:00+06:00", "2024-05-18T09:00:00+06:00"],
    ["2024-05-18T09:00:00.123+0600", "2024-05-18T09:00:00+06:00"],
    ["2024-05-18 09:00", "2024-05-18T09:00:00Z"],
    ["2024-05-18", "2024-05-18T00:00:00Z"],
    ["2024-05-18T03:00:00+00:00", "2024-05-18T03:00:00Z"],
    ["Sat, 18 May 2024 09:00:00 +0500", "2024-05-18T09:00:00+05:00"],
    ["May 18, 2024 9:05 PM", "2024-05-18T21:05:00Z"],
    ["20240518T090000", "2024-05-18T09:00:00Z"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it.each(["yesterday", "2024-13-40", "0000-00-00", ""])("rejects %j", (input) => {
    expect(normalizeTimestamp(input)).toBeUndefined();
  });
});

describe("link base", () => {
  it("resolves relative links against <base href> when the page has one", () => {
    const html = `<html><head><base href="https://cdn.news.example/en/"></head><body><div class="article-content">${FILLER}<p>The <a href="reports/2025.html">annual report</a> lists every project financed by the fund in the region.</p>${FILLER}</div></body></html>`;
    expect(extractArticle(html, "https://news.example/story").html).toContain(
      '<a href="https://cdn.news.example/en/reports/2025.html">',
    );
  });
});

describe("inline images", () => {
  it("does not split a paragraph at an emoji image", () => {
    const article = extractArticle(
      `<html><body><div class="content">${FILLER}<p>The new line opened on time <img src="/smile.png" alt="smile"> and the first train was full of passengers from both sides of the border.</p>${FILLER}</div></body></html>`,
      "https://news.example/a",
    );
    expect(article.text).toContain("The new line opened on time and the first train was full");
    expect(article.html).not.toContain("smile.png");
  });
});
