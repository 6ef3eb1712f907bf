import { describe, expect, it } from "vitest";
import { sanitizeArticleHtml } from "../../src/parsers/sanitize.ts";
import { htmlToParagraphs } from "../../src/parsers/text.ts";

const BASE = "https://news.example/world/story";

describe("sanitizeArticleHtml", () => {
  it.each([
    ["<p>ok</p><script>alert(1)</script>", "<p>ok</p>"],
    ['<img src="x.jpg" onerror="alert(1)">', '<img src="https://news.example/world/x.jpg" />'],
    ['<a href="javascript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a>x</a>"],
    ['<svg onload="alert(1)"><circle/></svg><p>after</p>', "<p>after</p>"],
    ["<math><mglyph><style><img src=x onerror=alert(1)></style></mglyph></math>", ""],
    ['<iframe srcdoc="<script>alert(1)</script>"></iframe><p>t</p>', "<p>t</p>"],
    ['<p style="background:url(javascript:alert(1))" class="x" id="y">t</p>', "<p>t</p>"],
    ['<img src="https://t.example/pixel.gif" width="1" height="1"><p>t</p>', "<p>t</p>"],
    ['<img src="https://t.example/pixel.gif" width="1px" height="1px"><p>t</p>', "<p>t</p>"],
    ['<img src="https://t.example/pixel.gif" width=" 0 " height="1PX"><p>t</p>', "<p>t</p>"],
    ['<form action="/steal"><input name="pw"></form><p>t</p>', "<p>t</p>"],
  ])("%s", (input, expected) => {
    expect(sanitizeArticleHtml(input, BASE)).toBe(expected);
  });

  it("keeps reading markup and makes links absolute", () => {
    const html =
      '<h1>T</h1><p>A <a href="/other">link</a> and <em>emphasis</em>.</p><figure><img src="//cdn.example/a.jpg" alt="A"><figcaption>Caption</figcaption></figure>';
    expect(sanitizeArticleHtml(html, BASE)).toBe(
      '<h2>T</h2><p>A <a href="https://news.example/other">link</a> and <em>emphasis</em>.</p><figure><img src="https://cdn.example/a.jpg" alt="A" /><figcaption>Caption</figcaption></figure>',
    );
  });
});

describe("htmlToParagraphs", () => {
  it("gives one paragraph per block, separated by blank lines", () => {
    expect(htmlToParagraphs("<p>One <b>two</b></p><div>Three<br>four</div><ul><li>Five</li></ul>")).toBe(
      "One two\n\nThree four\n\nFive",
    );
  });
});
