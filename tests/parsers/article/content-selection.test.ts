// Which part of the page is the article, on layouts where the markup names nothing.
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../src/parsers/article/index.ts";

const paragraph = (label: string) =>
  `<p>${label} The ministry said the plan, approved on Monday, covers roads, rail and power lines across the region, with work to start in spring.</p>`;
const texts = (html: string) =>
  extractArticle(html, "https://news.example/a")
    .text.split("\n\n")
    .map((p) => p.split(" The ministry")[0]);

describe("content selection", () => {
  it("joins an article cut into chunks by an ad slot", () => {
    const chunk = (from: number) =>
      `<div class="part">${[from, from + 1, from + 2].map((n) => paragraph(`Part ${n}.`)).join("")}</div>`;
    const html = `<html><body><div><div>${chunk(1)}</div><div><p>Advertisement</p></div><div>${chunk(4)}</div></div></body></html>`;
    expect(texts(html)).toEqual(["Part 1.", "Part 2.", "Part 3.", "Part 4.", "Part 5.", "Part 6."]);
  });

  it("leaves out an unnamed comment thread next to the article", () => {
    const comments = Array.from(
      { length: 12 },
      (_, i) =>
        `<div><div><b>reader${i}</b> said:</div><p>Comment ${i}: a good plan, but we have heard such promises before, haven't we, friends?</p></div>`,
    ).join("");
    const html = `<html><body><div><div>${[1, 2, 3, 4, 5].map((n) => paragraph(`Part ${n}.`)).join("")}</div><div><h3>Reader comments</h3>${comments}</div></div></body></html>`;
    expect(texts(html)).toEqual(["Part 1.", "Part 2.", "Part 3.", "Part 4.", "Part 5."]);
  });

  it("leaves out a column of teaser cards below the article", () => {
    const cards = Array.from(
      { length: 8 },
      (_, i) =>
        `<div><h3><a href="/s/${i}">Other story ${i}</a></h3><p>Teaser ${i}: a short summary of another story from the region, enough to tempt a click.</p></div>`,
    ).join("");
    const html = `<html><body><div><div>${[1, 2, 3, 4].map((n) => paragraph(`Part ${n}.`)).join("")}</div><div>${cards}</div></div></body></html>`;
    expect(texts(html)).toEqual(["Part 1.", "Part 2.", "Part 3.", "Part 4."]);
  });

  it("takes an old table layout whose text is <br>-separated in a cell", () => {
    const cell = [1, 2, 3]
      .map(
        (n) =>
          `Part ${n}. The ministry said the plan covers roads, rail and power lines, with work to start in spring.`,
      )
      .join("<br><br>");
    const html = `<html><body><table><tr><td><a href="/">Home</a> | <a href="/news">News</a></td></tr><tr><td>${cell}</td></tr></table></body></html>`;
    expect(texts(html)).toEqual(["Part 1.", "Part 2.", "Part 3."]);
  });
});
