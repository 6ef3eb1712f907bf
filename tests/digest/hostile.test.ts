// A hostile article must give a digest with nothing active in it: no elements or attributes that run code, no
// links but http(s), no control or direction-override characters; its text still readable.
import * as cheerio from "cheerio";
import { describe, expect, it } from "vitest";
import { buildDigestContent } from "../../src/digest/content.ts";
import { renderDigest } from "../../src/digest/render.ts";
import type { DigestStory } from "../../src/digest/types.ts";
import { parseIsoWeek, weekRange } from "../../src/digest/week.ts";

const week = weekRange(parseIsoWeek("2025-W25"), "Asia/Almaty");

export const HOSTILE: DigestStory = {
  id: "hostile",
  title: `<script>alert(1)</script>Xi <img src=x onerror=alert(2)> visits ]]> Astana\u0008 \u202Eevil\u202C 🚄 مرحبا`,
  text: `<p onclick="alert(3)">Leaders met.</p> <a href="javascript:alert(4)">click</a> ]]> done\u0008. Привет 中国 🇰🇿. שלום עולם.`,
  url: "javascript:alert(5)",
  outlets: [
    { name: `<b onmouseover=alert(6)>Evil Outlet</b>`, url: "JaVaScRiPt:alert(7)" },
    { name: "Tabbed", url: "java\tscript:alert(8)" },
    { name: "Data", url: "data:text/html,<script>alert(9)</script>" },
    { name: "Fine Outlet", url: 'https://fine.example/a?x=1&y="2"' },
  ],
  relevance: 0.9,
  topics: ["diplomacy"],
  countries: ["KZ"],
  lastSeenAt: new Date(week.start.getTime() + 86_400_000),
};

const rendered = renderDigest(
  buildDigestContent({
    week,
    stories: [HOSTILE],
    numbers: { articlesRead: 1, stories: 1, sourcesPolled: 1, sourcesFailing: 0 },
    topicNames: { diplomacy: "Diplomacy" },
    countryNames: { KZ: "Kazakhstan" },
  }),
  { viewInBrowser: "https://s.test/digests/2025-W25.html", unsubscribe: "https://s.test/unsubscribe?token=t" },
);

describe("a hostile article in the digest", () => {
  const $ = cheerio.load(rendered.html);

  it("has no script, event handler, or non-http(s) link in the HTML", () => {
    expect($("script, img, iframe, object, embed, form, svg, math").length).toBe(0);
    const attributes = $("*")
      .toArray()
      .flatMap((el) => Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}));
    expect(attributes.filter((a) => a.startsWith("on"))).toEqual([]);
    const hrefs = $("[href]")
      .map((_, a) => $(a).attr("href"))
      .get();
    expect(hrefs.every((h) => /^https:\/\//.test(h))).toBe(true);
    expect(hrefs).toContain("https://fine.example/a?x=1&y=%222%22");
    expect(rendered.html).not.toMatch(/javascript:|data:text/i);
  });

  it("shows the hostile markup as text, without control or direction-override characters", () => {
    expect($("h3").first().text()).toBe(
      "<script>alert(1)</script>Xi <img src=x onerror=alert(2)> visits ]]> Astana evil 🚄 مرحبا",
    );
    expect($("h3").first().attr("dir")).toBe("auto");
    expect($(".outlets").first().text()).toContain("<b onmouseover=alert(6)>Evil Outlet</b>");
    for (const part of [rendered.html, rendered.text]) expect(part).not.toMatch(/[\u0000-\u0008\u202A-\u202E]/);
    expect(rendered.text).toContain("Leaders met.");
    expect(rendered.text).toContain("🚄 مرحبا");
    expect(rendered.text).not.toContain("javascript:");
  });
});
