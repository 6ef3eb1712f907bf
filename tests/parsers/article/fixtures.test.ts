// Whole pages written in the patterns the seed articles showed going wrong: each test names what a reader
// would have seen in the article text before the fix.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../src/parsers/article/index.ts";
import { decodeBody } from "../../../src/parsers/charset.ts";

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const extract = (name: string, url = "https://news.example/story/1") => extractArticle(fixture(name), url);

describe("seed patterns", () => {
  it("drops app-download banners, share bars and related links around the story", () => {
    const article = extract("app-banner.html");
    expect(article.status).toBe("ok");
    expect(article.text).toMatch(/^Freight trains crossing the border at Khorgos/);
    expect(article.text).toContain("Waiting for the third line");
    expect(article.text).toMatch(/logistics manager in Aktobe told the paper\.$/);
    expect(article.text).not.toMatch(/download|app store|play-store|Share on|Grain exports|All rights reserved/i);
    expect(article.text.split("\n\n")).toHaveLength(6);
  });

  it("keeps a photo caption once, in the HTML figure, and not in the text", () => {
    const article = extract("triple-captions.html");
    expect(article.text).not.toContain("This photo taken on");
    expect(article.html.match(/This photo taken on/g)).toHaveLength(1);
    expect(article.html).toContain('<figure><img src="https://img.example/astana-tower.jpg" alt="Tower in Astana" />');
  });

  it("drops image disclaimers, closed-comment notes and cookie notices", () => {
    const article = extract("triple-captions.html");
    expect(article.text).toMatch(/^For most of the last three decades/);
    expect(article.text).not.toMatch(/Images are for reference|Comments are closed|uses cookies/);
  });

  it("drops video-player control text and advertisement labels inside the body", () => {
    const article = extract("video-player.html");
    expect(article.text).not.toMatch(/Video Player|modal window|Unmute|Duration|Advertisement/);
    expect(article.text).toMatch(/^Distinguished colleagues/);
    expect(article.text).toMatch(/universities\.\n\nThank you\.$/);
  });

  it("drops a cookie consent dialog and a cookie sentence inside the post, keeps the article", () => {
    const article = extract("cookie-banner.html");
    expect(article.text).not.toMatch(/cookies|privacy|Great news for the region|energy tajikistan/i);
    expect(article.text.split("\n\n")).toHaveLength(3);
    expect(article.siteName).toBe("Pamir Wire");
  });

  it("recognises a tag page holding several stories as a listing", () => {
    expect(extract("listing.html").status).toBe("listing");
  });

  it("reads metadata from a JSON-LD @graph before OpenGraph and the <title>", () => {
    const article = extract("jsonld-graph.html");
    expect(article).toMatchObject({
      status: "ok",
      title: "Foreign ministers of six nations meet in Astana",
      byline: "Aigerim Nurlanova, Li Wen",
      publishedAt: "2025-06-08T15:30:00+06:00",
      modifiedAt: "2025-06-09T08:05:10+06:00",
      lang: "en",
      siteName: "Caspian Herald",
      canonicalUrl: "https://caspian-herald.example/2025/06/ministers/",
      image: "https://caspian-herald.example/img/ministers.jpg",
    });
  });

  it("extracts a Russian page saved in windows-1251 once the bytes are decoded", () => {
    // Stored gzipped: a formatter or editor that reads it as UTF-8 would otherwise rewrite its bytes.
    const bytes = new Uint8Array(
      gunzipSync(readFileSync(new URL("./fixtures/russian-cp1251.html.gz", import.meta.url))),
    );
    const article = extractArticle(decodeBody(bytes).text, "https://vesti.example/news/1");
    expect(article.status).toBe("ok");
    expect(article.title).toBe("Казахстан и Китай открыли новый пункт пропуска");
    expect(article.lang).toBe("ru");
    expect(article.publishedAt).toBe("2023-05-19T09:00:00Z");
    expect(article.text).toMatch(/^На границе Казахстана и Китая/);
    expect(article.text).not.toMatch(/Главная|Все права защищены|19\.05\.2023/);
  });

  it("extracts a Chinese page without a lang attribute and detects its language", () => {
    const article = extract("chinese.html");
    expect(article.status).toBe("ok");
    expect(article.lang).toBe("zh");
    expect(article.publishedAt).toBe("2023-05-19T09:00:00+08:00");
    expect(article.text.split("\n\n")).toHaveLength(3);
    expect(article.text).not.toMatch(/首页|版权所有/);
  });

  it("marks a paywall stub as paywalled and keeps only the teaser", () => {
    const article = extract("paywall.html");
    expect(article.status).toBe("paywalled");
    expect(article.text).not.toMatch(/Subscribe|subscriber/);
  });
});
