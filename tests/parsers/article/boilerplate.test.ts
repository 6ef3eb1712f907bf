// One test per boilerplate pattern: each puts the pattern next to real paragraphs and checks that the paragraphs
// survive whole and the pattern does not.
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../src/parsers/article/index.ts";

const PARAGRAPHS = [
  "The two governments signed a memorandum on water sharing along the border river, officials said on Friday.",
  "Under the plan, a joint commission will publish flow data every month and meet twice a year to settle disputes.",
  "Farmers downstream have complained for years that spring releases arrive too late for the cotton planting season.",
];
const STORY = PARAGRAPHS.map((p) => `<p>${p}</p>`).join("\n");
const extractText = (inner: string, outer = "") =>
  extractArticle(`<html><body>${outer}<div class="article-body">${inner}</div></body></html>`, "https://news.example/a")
    .text;

function expectOnlyStory(text: string): void {
  expect(text).toBe(PARAGRAPHS.join("\n\n"));
}

describe("boilerplate named by markup", () => {
  it.each([
    ["share bar", `<div class="share-buttons"><a href="https://x.example">Share on X</a> Share by email</div>`],
    [
      "related stories",
      `<div class="related-posts"><p>More from the region: five stories you may have missed this week</p></div>`,
    ],
    [
      "comments",
      `<section id="comments"><p>I have lived there for ten years and the water issue is real, believe me.</p></section>`,
    ],
    [
      "advertisement slot",
      `<div class="ad-slot"><p>Sponsored: the best hotels in the mountains for the whole family</p></div>`,
    ],
    [
      "newsletter box",
      `<div class="newsletter-signup"><p>Get the morning briefing on the region in your inbox every day</p></div>`,
    ],
    [
      "hidden element",
      `<div style="display:none"><p>Text that the page never shows to its readers at all, anywhere.</p></div>`,
    ],
    [
      "aria-hidden element",
      `<div aria-hidden="true"><p>Decorative duplicate of the headline that screen readers skip.</p></div>`,
    ],
    ["screen-reader-only label", `<p>${PARAGRAPHS[0]}<span class="sr-only"> Opens in a new window</span></p>`],
    ["dialog", `<div role="dialog"><p>Would you like to receive notifications about breaking news from us?</p></div>`],
    ["script and style", `<script>var story = "not text";</script><style>.a{color:red}</style>`],
  ])("drops a %s", (_name, html) => {
    const text = extractText(
      html.includes(PARAGRAPHS[0]) ? html + STORY.replace(`<p>${PARAGRAPHS[0]}</p>`, "") : STORY + html,
    );
    expectOnlyStory(text);
  });

  it("drops a hover card inside a sentence and keeps the sentence whole", () => {
    const card = `<span class="person"><a href="/people/a">Aida Bekova</a><span class="card"><img src="/a.jpg" width="100"><a href="/s/1">Her latest story</a> <a href="/s/2">Another story of hers</a></span></span>`;
    const text = extractText(`<p>Minister ${card} said the talks would resume in May.</p>` + STORY);
    expect(text).toMatch(/^Minister Aida Bekova said the talks would resume in May\.\n\n/);
  });

  it("keeps words inside a styled inline element whose class mentions a title", () => {
    const text = extractText(
      `<p>The deal covers <span class="product-title">the new pipeline</span> and two roads.</p>` + STORY,
    );
    expect(text).toMatch(/^The deal covers the new pipeline and two roads\./);
  });

  it("keeps a page wrapper whose class carries a boilerplate word but holds the article", () => {
    const html = `<html><body><div class="layout hide-sidebar"><div class="text">${STORY}</div></div></body></html>`;
    expectOnlyStory(extractArticle(html, "https://news.example/a").text);
  });
});

describe("boilerplate recognised by its words", () => {
  it.each([
    ["advertisement label", "<p>Advertisement</p>"],
    ["app download prompt", "<p>Read this and more in our app. Download the app from your app store.</p>"],
    ["cookie sentence", "<p>This website uses cookies to improve your experience. Accept Read More</p>"],
    [
      "video-player controls",
      "<div>Video Player is loading. Play Video Play Unmute Current Time 0:00 / Duration -:-</div>",
    ],
    ["image disclaimer", "<p>Images are for reference only. All rights on the images are with their owners.</p>"],
    ["closed comments", "<p>Comments are closed.</p>"],
    ["dateline", "<p>sexta-feira, 22 de outubro de 2010 às 20:13</p>"],
    ["updated stamp", "<p>Updated at 1:23 p.m.</p>"],
    ["gallery counter", "<p>Image 2 of 5</p>"],
    ["newsletter sign-up", "<p>Sign up for our newsletter to get the best stories in your inbox.</p>"],
    ["advertisement label in Russian", "<p>Реклама</p>"],
    ["reading-time note", "<p>Reading time: 4 minutes</p>"],
    ["bare gallery counter", "<p>1 of 6</p>"],
    ["player button label and clip duration", "<p>Download</p><p>01:50</p>"],
    ["photo credit", "<p>Photo: Agency archive</p>"],
    ["share-with-a-friend prompt", "<p>Like this story? Share it with a friend!</p>"],
    ["wire credit line", "<p>Reporting by A. Writer; Editing by B. Editor</p>"],
    ["contributors line", "<p>Staff writers C. One and D. Two contributed to this report.</p>"],
    ["bare e-mail address", "<p>desk@news.example</p>"],
    ["'more stories' label", "<p>More Great Herald Stories</p>"],
    ["subscription prompt", "<p>Subscribe to the Herald and never miss a story from the region.</p>"],
    ["social follow line", "<p>Follow the Herald's opinion desk on Facebook, Twitter and Instagram.</p>"],
  ])("drops an %s", (_name, html) => {
    expectOnlyStory(extractText(STORY + html));
  });

  it("keeps an article sentence that merely mentions cookies", () => {
    const sentence = "The bakery exports cookies to Kazakhstan and plans a second factory near the border next year.";
    expect(extractText(`<p>${sentence}</p>` + STORY)).toContain(sentence);
  });
});

describe("repeated and linked blocks", () => {
  it("keeps a caption repeated by a lightbox once, in the HTML only", () => {
    const caption = "Workers at the new cargo terminal near the border crossing.";
    const figure = `<figure><img src="/i.jpg" width="800"><figcaption>${caption}</figcaption></figure>`;
    const article = extractArticle(
      `<html><body><div class="article-body">${figure}<div>${caption}</div><p><i>${caption}</i></p>${STORY}</div></body></html>`,
      "https://news.example/a",
    );
    expectOnlyStory(article.text);
    expect(article.html.split(caption)).toHaveLength(2);
  });

  it("drops a list of links but keeps a round-up item that links its source", () => {
    const links = `<ul><li><a href="/1">Border reopens</a></li><li><a href="/2">Grain exports up</a></li></ul>`;
    const roundup = `<ul><li><a href="/3">Kyrgyz parliament approves budget</a>, with spending on roads up by a fifth on last year's plan.</li></ul>`;
    const text = extractText(STORY + links + roundup);
    expect(text).not.toContain("Border reopens");
    expect(text).toContain("Kyrgyz parliament approves budget, with spending on roads");
  });

  it("keeps a short sentence whose second half is a link", () => {
    const sentence = `The suspect was convicted and <a href="/s/9">sentenced to life in prison last week</a>.`;
    expect(extractText(`<p>${sentence}</p>` + STORY)).toMatch(
      /^The suspect was convicted and sentenced to life in prison last week\./,
    );
  });

  it("drops a 'more stories' list of short linked headlines", () => {
    const more = ["Border reopens after repairs", "Grain exports climb again", "New flights to Urumqi"]
      .map((t, i) => `<li><a href="/s/${i}">${t}</a>: read</li>`)
      .join("");
    expectOnlyStory(extractText(STORY + `<ul>${more}</ul>`));
  });

  it("does not join a 'you may also like' box of several stories to the article", () => {
    const teaser = (n: number) =>
      `<article><p>Another story number ${n} with a long enough teaser paragraph about regional trade and transport.</p></article>`;
    const html = `<html><body><div id="main"><article class="post">${STORY}</article><section>${teaser(1)}${teaser(2)}${teaser(3)}</section></div></body></html>`;
    expectOnlyStory(extractArticle(html, "https://news.example/a").text);
  });

  it("reads a data table row by row", () => {
    const table = `<table><tr><th>Country</th><th>Trade, bn USD</th></tr><tr><td>Kazakhstan</td><td>41</td></tr><tr class="player-row"><td>Uzbekistan</td><td>14</td></tr></table>`;
    const text = extractText(STORY + table);
    expect(text).toContain("Country Trade, bn USD\n\nKazakhstan 41\n\nUzbekistan 14");
  });
});

describe("containers that only look like boilerplate", () => {
  it("keeps an article column hidden on phones only", () => {
    const html = `<html><body><div class="col hidden-xs"><div class="text">${STORY}</div></div><div class="sidebar hidden-xs"><p>Most read stories of the week across all of our sections.</p></div></body></html>`;
    expectOnlyStory(extractArticle(html, "https://news.example/a").text);
  });

  it("keeps a page-wide <form> wrapper whose text sits in <br>-separated divs", () => {
    const inner =
      PARAGRAPHS.join("<br><br>") +
      "<br><br>" +
      PARAGRAPHS.map((p) => p.replace("officials", "ministers")).join("<br><br>");
    const html = `<html><body><form id="aspnetForm"><div class="story">${inner}</div></form><form><input name="q"> Search</form></body></html>`;
    expect(extractArticle(html, "https://news.example/a").text).toContain(PARAGRAPHS[1]);
  });
});
