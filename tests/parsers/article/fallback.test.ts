// Pages whose chosen container holds too little: the article is looked for elsewhere before the page is dropped.
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../src/parsers/article/index.ts";

const URL = "https://town.example/news/1";
const head = (extra = "") => `<head><title>Bridge reopens on Monday</title>${extra}</head>`;
const ogArticle = '<meta property="og:type" content="article">';

describe("short and unusual article pages", () => {
  it("keeps a short news item that declares itself an article", () => {
    const html = `<html>${head(ogArticle)}<body><nav><a href="/">Home</a></nav><div class="content">
      <p>The river bridge on Main Street reopens to traffic on Monday after repairs, the town council said.</p>
      </div></body></html>`;
    const article = extractArticle(html, URL);
    expect(article.status).toBe("ok");
    expect(article.text).toContain("The river bridge on Main Street reopens");
  });

  it("takes the publisher's JSON-LD articleBody when the page renders its text by script", () => {
    const body = "The council approved the budget on Tuesday.\nSpending on roads rises by a tenth. ".repeat(5);
    const ld = JSON.stringify({ "@type": "NewsArticle", headline: "Budget approved", articleBody: body });
    const html = `<html>${head(`<script type="application/ld+json">${ld}</script>`)}<body><div id="app"></div></body></html>`;
    const article = extractArticle(html, URL);
    expect(article.status).toBe("ok");
    expect(article.text).toContain("Spending on roads rises by a tenth.");
    expect(article.html).toContain("<p>The council approved the budget on Tuesday.</p>");
  });

  it("prefers a JSON-LD articleBody far longer than the container it chose (a standfirst box)", () => {
    const paragraphs = Array.from({ length: 8 }, (_, i) => `Paragraph ${i} of the full report on the new rail link.`);
    const ld = JSON.stringify({ "@type": "NewsArticle", articleBody: paragraphs.join("\n") });
    const standfirst =
      "<p>A short standfirst that sums up the report on the rail link, its cost, its route and when it opens to passengers.</p>".repeat(
        2,
      );
    const html = `<html>${head(`<script type="application/ld+json">${ld}</script>`)}<body><article>${standfirst}</article></body></html>`;
    const article = extractArticle(html, URL);
    expect(article.status).toBe("ok");
    expect(article.text).toContain("Paragraph 7 of the full report");
  });

  it("keeps a deals post whose paragraphs are mostly links to the products", () => {
    const deal = (n: number) =>
      `<p><a href="/d${n}">Wireless noise-cancelling headphones model ${n} with charging case</a> for $89.</p>`;
    const html = `<html>${head(ogArticle)}<body><div class="deals">${[1, 2, 3, 4].map(deal).join("")}</div></body></html>`;
    const article = extractArticle(html, URL);
    expect(article.status).toBe("ok");
    expect(article.text).toContain("headphones model 4 with charging case for $89.");
  });

  it("still drops an error page and a page shell with nothing to read", () => {
    const notFound = `<html><head><title>Page not found</title>${ogArticle}</head><body>
      <p>Sorry, the page you were looking for was moved or never existed here.</p></body></html>`;
    expect(extractArticle(notFound, URL).status).toBe("no-article");
    const shell = `<html><head><title>Town news</title></head><body><p>Loading the latest stories…</p></body></html>`;
    expect(extractArticle(shell, URL).status).toBe("no-article");
  });
});
