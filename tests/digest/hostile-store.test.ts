// The publishing issue's hostile story, stored as curation leaves it, through the whole digest build: the HTML
// and text parts have nothing active in them, and /digests.atom stays valid for independent readers.
import { readFileSync } from "node:fs";
import path from "node:path";
import * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDigestsAtom } from "../../src/digest/archive.ts";
import { buildDigestContent } from "../../src/digest/content.ts";
import { parseIsoWeek } from "../../src/digest/week.ts";
import { loadDigestContext, prepareWeek } from "../../src/mail/weekly-digest.ts";
import type { Digest } from "../../src/mail/build-digest.ts";
import { PROJECT_ROOT } from "../helpers/services.ts";
import { seedStories } from "../helpers/seed-stories.ts";
import { HOSTILE } from "../publish/fixtures/stories.ts";
import { feedparser, jingProblems } from "../publish/feed-readers.ts";
import { createDigestSandbox, PUBLIC_URL, type DigestSandbox } from "./digest-sandbox.ts";

let sandbox: DigestSandbox;
let digest: Digest;
let html: string;

beforeAll(async () => {
  sandbox = await createDigestSandbox("subscribers: []\n");
  await seedStories(sandbox.database.db, [HOSTILE]);
  const env = { ...process.env, ...sandbox.env };
  const taxonomy = path.join(PROJECT_ROOT, "config/taxonomy.yaml");
  const ctx = loadDigestContext(sandbox.database.db, sandbox.database.url, taxonomy, env);
  const built = await prepareWeek(ctx, parseIsoWeek("2026-W48"));
  digest = built.digest;
  html = readFileSync(built.files.html, "utf8");
}, 60_000);

afterAll(async () => {
  await sandbox?.cleanup();
});

describe("a hostile stored story in the digest", () => {
  it("is in the digest, as text, with nothing that runs and only http(s) links", () => {
    const $ = cheerio.load(html);
    expect($("h3").first().text()).toBe(
      "Breaking <script>alert(1)</script> ]]> news — مرحبا بالعالم 🚄🇨🇳 <img src=x onerror=alert(2)>",
    );
    expect($("script, img, iframe, svg, object, embed").length).toBe(0);
    const attributes = $("*")
      .toArray()
      .flatMap((el) => Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}));
    expect(attributes.filter((name) => name.startsWith("on"))).toEqual([]);
    const hrefs = $("[href]")
      .map((_, a) => $(a).attr("href"))
      .get();
    expect(hrefs.filter((href) => !/^https?:\/\//.test(href))).toEqual([]);
    expect(hrefs).toContain("https://evil.example.uz/a?x=1&y=%3C2%3E");
    expect($(".outlets").first().text()).toContain("JS outlet"); // named, but its javascript: link is not linked
    for (const part of [html, digest.text]) expect(part).not.toMatch(/[\u0000-\u0008]/);
    expect(digest.text).toContain("العربية 中文 🚄");
  });

  it("keeps /digests.atom valid for jing (RFC 4287) and feedparser", () => {
    const headlines = buildDigestContent(digest.input).top.map((s) => s.title);
    const atom = renderDigestsAtom({ publicUrl: PUBLIC_URL }, [
      { week: digest.week, storyCount: digest.storyCount, builtAt: digest.builtAt, headlines },
    ]);
    expect(jingProblems(atom)).toBe("");
    const parsed = feedparser(atom);
    expect(parsed.bozo).toBe(false);
    expect(parsed.entries[0].summary).toContain("Breaking <script>alert(1)</script> ]]> news");
    expect(parsed.entries[0].link).toBe(`${PUBLIC_URL}/digests/2026-W48.html`);
  });
});
