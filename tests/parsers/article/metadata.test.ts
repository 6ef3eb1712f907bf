// One test per metadata source, and the order of trust between them.
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../src/parsers/article/index.ts";

const BODY = "<p>" + "Trade between the neighbours grew again last year, officials said on Monday. ".repeat(6) + "</p>";
const page = (head: string, body = BODY, htmlAttrs = "") =>
  `<!DOCTYPE html><html${htmlAttrs}><head>${head}</head><body><article>${body}</article></body></html>`;
const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;
const meta = (key: string, value: string, attr = "property") => `<meta ${attr}="${key}" content="${value}">`;
const URL = "https://news.example/2025/05/story";

describe("JSON-LD", () => {
  it("reads a NewsArticle: headline, authors, dates with their offsets, image, publisher", () => {
    const article = extractArticle(
      page(
        ld({
          "@context": "https://schema.org",
          "@type": "NewsArticle",
          headline: "Summit opens in Xi'an",
          author: [{ "@type": "Person", name: "Ma Lin" }, "Erlan Abdildaev"],
          datePublished: "2023-05-18T09:00:00+08:00",
          dateModified: "2023-05-18T11:30:00+08:00",
          image: ["https://cdn.example/a.jpg"],
          publisher: { name: "Silk Post" },
        }),
      ),
      URL,
    );
    expect(article).toMatchObject({
      title: "Summit opens in Xi'an",
      byline: "Ma Lin, Erlan Abdildaev",
      publishedAt: "2023-05-18T09:00:00+08:00",
      modifiedAt: "2023-05-18T11:30:00+08:00",
      image: "https://cdn.example/a.jpg",
      siteName: "Silk Post",
    });
  });

  it("finds the article in an array of blocks and prefers it to a WebPage", () => {
    const html = page(
      ld([
        { "@type": "WebPage", name: "Page name" },
        { "@type": "ReportageNewsArticle", headline: "Real headline" },
      ]),
    );
    expect(extractArticle(html, URL).title).toBe("Real headline");
  });

  it("survives raw newlines inside strings, which many CMS print", () => {
    const broken = `<script type="application/ld+json">{"@type":"Article","headline":"Line one\nline two"}</script>`;
    expect(extractArticle(page(broken), URL).title).toBe("Line one line two");
  });

  it("ignores a block that is not JSON at all", () => {
    const html = page(`<script type="application/ld+json">{ not json</script><title>Fallback title</title>`);
    expect(extractArticle(html, URL).title).toBe("Fallback title");
  });
});

describe("OpenGraph and article:* meta", () => {
  it("reads title, site name, image, published and modified time", () => {
    const head =
      meta("og:title", "OG headline") +
      meta("og:site_name", "Tashkent Times") +
      meta("og:image", "/img/1.jpg") +
      meta("article:published_time", "2024-02-01T08:00:00+05:00") +
      meta("article:modified_time", "2024-02-01T10:00:00Z");
    expect(extractArticle(page(head), URL)).toMatchObject({
      title: "OG headline",
      siteName: "Tashkent Times",
      image: "https://news.example/img/1.jpg",
      publishedAt: "2024-02-01T08:00:00+05:00",
      modifiedAt: "2024-02-01T10:00:00Z",
    });
  });

  it("loses to JSON-LD where both speak", () => {
    const head = meta("og:title", "OG headline") + ld({ "@type": "NewsArticle", headline: "LD headline" });
    expect(extractArticle(page(head), URL).title).toBe("LD headline");
  });

  it("takes a meta author by name but not a profile URL", () => {
    expect(extractArticle(page(meta("author", "By Dina Omarova", "name")), URL).byline).toBe("Dina Omarova");
    expect(
      extractArticle(page(meta("article:author", "https://facebook.example/someone")), URL).byline,
    ).toBeUndefined();
  });
});

describe("<time datetime>", () => {
  it("gives the published time when no meta does", () => {
    const body = `<time datetime="2022-06-08T20:13:00+06:00">8 June</time>${BODY}`;
    expect(extractArticle(page("", body), URL).publishedAt).toBe("2022-06-08T20:13:00+06:00");
  });
});

describe("microdata", () => {
  it("reads headline, author name and datePublished from itemprops", () => {
    const body = `<h1 itemprop="headline">Microdata headline</h1>
      <span itemprop="author" itemscope><span itemprop="name">Timur Bekov</span></span>
      <meta itemprop="datePublished" content="2021-09-01T12:00:00+05:00">${BODY}`;
    expect(extractArticle(page("", body), URL)).toMatchObject({
      title: "Microdata headline",
      byline: "Timur Bekov",
      publishedAt: "2021-09-01T12:00:00+05:00",
    });
  });
});

describe("heuristics", () => {
  it("takes the headline from the <title> without the site name", () => {
    expect(extractArticle(page("<title>Pipeline talks resume | Steppe Daily</title>"), URL).title).toBe(
      "Pipeline talks resume",
    );
  });

  it("prefers the <h1> when the <title> contains it", () => {
    const html = page("<title>Steppe Daily - Pipeline talks resume</title>", `<h1>Pipeline talks resume</h1>${BODY}`);
    expect(extractArticle(html, URL).title).toBe("Pipeline talks resume");
  });

  it("reads a dateline and a byline from elements named for them", () => {
    const body = `<div class="post-date">19.05.2023 09:00</div><div class="byline">By Aziz Karimov</div>${BODY}`;
    expect(extractArticle(page("", body), URL)).toMatchObject({
      publishedAt: "2023-05-19T09:00:00Z",
      byline: "Aziz Karimov",
    });
  });
});

describe("date in the URL", () => {
  it.each([
    ["https://news.example/2019/11/18/story-slug/", "2019-11-18T00:00:00Z"],
    ["https://news.example/west/statements/2019/nov/18/someone/claim/", "2019-11-18T00:00:00Z"],
    ["https://news.example/2019/story-without-day", undefined],
  ])("is the last resort for %s", (url, expected) => {
    expect(extractArticle(page(""), url).publishedAt).toBe(expected);
  });
});

describe("language", () => {
  it("takes the primary subtag of <html lang>", () => {
    expect(extractArticle(page("", BODY, ' lang="ru-RU"'), URL).lang).toBe("ru");
  });

  it("falls back to meta content-language", () => {
    expect(extractArticle(page(meta("content-language", "kk", "http-equiv")), URL).lang).toBe("kk");
  });

  it("detects the language from the text when nothing is declared", () => {
    const russian =
      "<p>" + "Правительство сообщило, что строительство новой железной дороги начнётся весной. ".repeat(4) + "</p>";
    expect(extractArticle(page("", russian), URL).lang).toBe("ru");
  });
});

describe("canonical URL", () => {
  it("resolves <link rel=canonical> against the page URL", () => {
    expect(extractArticle(page('<link rel="canonical" href="/2025/05/story-clean">'), URL).canonicalUrl).toBe(
      "https://news.example/2025/05/story-clean",
    );
  });

  it("falls back to og:url, then the URL the page was fetched from", () => {
    expect(extractArticle(page(meta("og:url", "https://news.example/og")), URL).canonicalUrl).toBe(
      "https://news.example/og",
    );
    expect(extractArticle(page(""), URL).canonicalUrl).toBe(URL);
  });
});

describe("text clean-up of metadata", () => {
  it("decodes entities left encoded in meta values and JSON-LD strings", () => {
    expect(
      extractArticle(page(meta("og:title", "Grain doesn&amp;#8217;t wait &amp;#8211; exporters")), URL).title,
    ).toBe("Grain doesn’t wait – exporters");
    expect(extractArticle(page(ld({ "@type": "NewsArticle", headline: "Rail &amp; road" })), URL).title).toBe(
      "Rail & road",
    );
  });

  it("drops the 'By' of a byline whatever its source", () => {
    expect(
      extractArticle(page(ld({ "@type": "NewsArticle", author: "By ANNA LEE, Associated Press" })), URL).byline,
    ).toBe("ANNA LEE, Associated Press");
  });
});
