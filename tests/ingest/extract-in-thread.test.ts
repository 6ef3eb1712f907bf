// Pages are extracted in a worker thread under a deadline: the process's event loop (job locks, other queues)
// stays free however heavy the page, and a page over the deadline is a typed ParseError.
import { afterAll, describe, expect, it } from "vitest";
import { createThreadedExtractor } from "../../src/ingest/extract-in-thread.ts";
import { ParseError } from "../../src/parsers/errors.ts";
import { PAGE_HTML_LIMITS } from "../../src/parsers/html-limits.ts";
import { watchEventLoop } from "../helpers/loop-watch.ts";

const para = (i: number) =>
  `<p>Paragraph ${i}: the customs union discussed new rules for transit cargo between the member states and China.</p>`;
const heavyPage = `<html><body><article>${Array.from({ length: 16_000 }, (_, i) => para(i)).join("")}</article></body></html>`;
const smallPage = `<html><body><article>${[1, 2, 3].map(para).join("")}</article></body></html>`;

const extractor = createThreadedExtractor();
// The heavy page takes 250–400 ms here on a quiet machine: well over this deadline, however fast the machine.
const hurried = createThreadedExtractor(100);
// Room to load the extractor and read a small page, not to build the DOM of a 2 MB one.
const cramped = createThreadedExtractor(10_000, { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 });
afterAll(async () => {
  await extractor.close();
  await hurried.close();
  await cramped.close();
});

describe("threaded extraction", () => {
  it("extracts a 2 MB page without holding the event loop", async () => {
    await extractor.extract(smallPage, "https://news.example/warm-up", "text/html"); // the thread is loaded
    const loop = watchEventLoop();
    const started = performance.now();
    const article = await extractor.extract(heavyPage, "https://news.example/a", "text/html");
    const elapsedMs = performance.now() - started;
    const heldMs = await loop.stop();
    expect(article.status).toBe("ok");
    expect(article.text).toContain("Paragraph 15999");
    // Extraction takes over a second here; on the main thread it would hold the loop all that time. Off it, the
    // loop only waits for the page to be copied: compared with the elapsed time, so machine load does not matter.
    expect(heldMs).toBeLessThan(elapsedMs / 4);
  });

  it("extracts pages up to the 2 MB page limit dense with links or table cells, within the thread's heap", async () => {
    const linked = (i: number) =>
      `<p>Item ${i}: Kazakhstan and China signed an agreement on the <a href="/x${i}">railway</a> in Astana.</p>\n`;
    const dense = {
      links: `<html><head><title>T</title></head><body><article><h1>T</h1>${Array.from({ length: 20_000 }, (_, i) => linked(i)).join("")}`,
      cells: `<html><body><table>${Array.from({ length: 60_000 }, (_, i) => `<tr><td>${i}</td><td>x</td></tr>`).join("")}`,
    };
    for (const [name, html] of Object.entries(dense)) {
      const page = `${html.slice(0, PAGE_HTML_LIMITS.maxChars - 100)}</body></html>`;
      expect(page.length).toBeGreaterThan(1_900_000);
      const article = await extractor.extract(page, `https://news.example/${name}`, "text/html");
      // Read to the end either way: the links page is an article, a table of numbers is not one.
      expect(article.status, name).toBe(name === "links" ? "ok" : "no-article");
    }
  });

  it("gives up on a page over the deadline with a ParseError, and the next page is extracted again", async () => {
    const late = hurried.extract(heavyPage, "https://news.example/heavy");
    await expect(late).rejects.toThrow(ParseError);
    await expect(late).rejects.toThrow(/heavy: extraction took longer than 100 ms; page skipped/);
    // The stuck thread was replaced: the same extractor reads the next page.
    expect((await hurried.extract(smallPage, "https://news.example/b")).status).toBe("ok");
  });

  it("a page that exhausts the thread's heap fails alone, as a ParseError; the next page gets a fresh thread", async () => {
    expect((await cramped.extract(smallPage, "https://news.example/before")).status).toBe("ok");
    const huge = cramped.extract(heavyPage, "https://news.example/huge");
    await expect(huge).rejects.toThrow(ParseError);
    await expect(huge).rejects.toThrow(/huge: extractor thread failed: .*memory/i);
    expect((await cramped.extract(smallPage, "https://news.example/after")).status).toBe("ok");
  });

  it("stops its thread once idle, and the next page starts another; pages keep coming while it is busy", async () => {
    const idle = createThreadedExtractor(10_000, undefined, 300);
    try {
      // Back to back, a second page arrives before the first is done: one thread reads both.
      const pages = await Promise.all([1, 2].map((i) => idle.extract(smallPage, `https://news.example/burst-${i}`)));
      expect(pages.map((p) => p.status)).toEqual(["ok", "ok"]);
      expect(idle.threadsStarted).toBe(1);
      // Within the idle time, the same thread.
      expect((await idle.extract(smallPage, "https://news.example/soon")).status).toBe("ok");
      expect(idle.threadsStarted).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 800));
      // The thread stopped; the next page starts a new one, and reads the same.
      const later = await idle.extract(smallPage, "https://news.example/later");
      expect(later.status).toBe("ok");
      expect(later.text).toContain("Paragraph 3");
      expect(idle.threadsStarted).toBe(2);
    } finally {
      await idle.close();
    }
  });

  it("passes the extractor's own ParseError through, typed", async () => {
    const deep = `<html><body>${"<div>".repeat(1000)}</body></html>`;
    await expect(extractor.extract(deep, "https://news.example/deep")).rejects.toThrow(
      /^https:\/\/news\.example\/deep: HTML nested more than 512 elements deep$/,
    );
  });
});
