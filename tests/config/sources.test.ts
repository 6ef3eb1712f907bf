import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigErrors } from "../../src/config/errors.ts";
import { boundsFromEnv, loadSourcesConfig, parseSourcesConfig } from "../../src/config/sources.ts";
import { appendFeedsToSourcesFile } from "../../src/config/sources-file.ts";
import { parseOpml, renderOpml } from "../../src/config/opml.ts";
import { parseInterval } from "../../src/config/interval.ts";

const FILE = "config/sources.yaml";

function problemsOf(text: string): string[] {
  try {
    parseSourcesConfig(text, FILE);
  } catch (err) {
    if (err instanceof ConfigErrors) return err.problems.map((p) => p.message);
    throw err;
  }
  return [];
}

describe("sources.yaml validation", () => {
  it("fills defaults: 30m interval, enabled, fullText for html only", () => {
    const config = parseSourcesConfig(
      `sources:
  - { id: a, name: A, url: "https://a.example/feed", type: feed }
  - id: b
    name: B
    url: https://b.example/news
    type: html
    selectors: { item: .card, link: a }
`,
      FILE,
    );
    expect(config.allowPrivateNetworks).toBe(false);
    expect(config.maxConsecutiveFailures).toBe(10);
    expect(config.sources.map((s) => [s.id, s.everyMs, s.enabled, s.fullText, s.line])).toEqual([
      ["a", 30 * 60_000, true, false, 2],
      ["b", 30 * 60_000, true, true, 3],
    ]);
  });

  it("names file, line and source id for each problem, all at once", () => {
    const problems = problemsOf(`sources:
  - id: good
    name: Good
    url: https://good.example/rss
    type: feed
  - id: typo
    name: Typo
    url: https://typo.example/rss
    type: feed
    evry: 15m
  - id: badurl
    name: Bad URL
    url: ftp://files.example/feed
    type: feed
  - id: good
    name: Again
    url: https://again.example/rss
    type: feed
  - id: slow
    name: Slow
    url: https://slow.example/rss
    type: feed
    every: sometimes
  - id: listing
    name: Listing
    url: https://listing.example/
    type: html
`);
    expect(problems).toEqual([
      'config/sources.yaml:10: source "typo": unknown key "evry"',
      'config/sources.yaml:13: source "badurl": url: must be an absolute http(s) URL',
      'config/sources.yaml:15: source "good": duplicate id (first defined on line 2)',
      'config/sources.yaml:23: source "slow": every: must be an interval like "90s", "15m", "2h" or "1d"',
      'config/sources.yaml:24: source "listing": selectors: html sources need selectors.item and selectors.link',
    ]);
  });

  it("takes story thresholds from a stories section, with defaults for the rest", () => {
    const config = parseSourcesConfig("stories:\n  sameStoryWindowDays: 2\nsources: []\n", FILE);
    expect(config.stories.sameStoryWindowDays).toBe(2);
    expect(config.stories.nearDuplicateJaccard).toBe(0.4);
    expect(problemsOf("stories:\n  nearDuplicateJaccard: 1.5\n  sameStoryWindow: 2\nsources: []\n")).toEqual([
      expect.stringMatching(/^config\/sources\.yaml:2: stories\.nearDuplicateJaccard: /),
      'config/sources.yaml:3: unknown key "sameStoryWindow"',
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    const [problem] = problemsOf("sources:\n  - id: a\n    name: [unclosed\n");
    expect(problem).toMatch(/^config\/sources\.yaml:\d+: /);
  });

  it("rejects unknown top-level keys and bad types", () => {
    expect(problemsOf("allowPrivateNetwork: true\nsources: []\n")).toEqual([
      'config/sources.yaml:1: unknown key "allowPrivateNetwork"',
    ]);
    expect(problemsOf("sources:\n  - { id: Bad Id, name: x, url: 'https://x.example', type: rss }\n")).toEqual([
      'config/sources.yaml:2: source "Bad Id": id: must be a slug: lowercase letters, digits, - or _',
      expect.stringMatching(/^config\/sources\.yaml:2: source "Bad Id": type: /),
    ]);
  });

  it("switches the private-network guard off only when asked", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "silkwire-"));
    const file = path.join(dir, "sources.yaml");
    writeFileSync(file, "sources: []\n");
    expect(loadSourcesConfig(file, {}).allowPrivateNetworks).toBe(false);
    expect(loadSourcesConfig(file, { SILKWIRE_ALLOW_PRIVATE_NETWORKS: "true" }).allowPrivateNetworks).toBe(true);
    writeFileSync(file, "allowPrivateNetworks: true\nsources: []\n");
    expect(loadSourcesConfig(file, {}).allowPrivateNetworks).toBe(true);
  });

  it("accepts the shipped config: 15+ real outlets, none on a private address", () => {
    const config = loadSourcesConfig(path.resolve("config/sources.yaml"), {});
    expect(config.sources.length).toBeGreaterThanOrEqual(15);
    expect(config.allowPrivateNetworks).toBe(false);
    expect(config.sources.every((s) => s.url.startsWith("https://"))).toBe(true);
  });

  it("parses intervals", () => {
    expect(parseInterval("90s")).toBe(90_000);
    expect(parseInterval("1h30m")).toBe(5_400_000);
    expect(parseInterval("0m")).toBeUndefined();
    expect(parseInterval("15 minutes")).toBeUndefined();
  });
});

describe("OPML import and export", () => {
  const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
<outline text="Region"><outline text="Steppe &amp; Silk" type="rss" xmlUrl="https://steppe.example/feed.xml"/>
<outline title="Known" xmlUrl="https://known.example/rss"/><outline text="Mail" xmlUrl="mailto:x@example.com"/></outline>
</body></opml>`;

  it("appends new feeds to sources.yaml, keeping comments, skipping known and non-http ones", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "silkwire-"));
    const file = path.join(dir, "sources.yaml");
    writeFileSync(
      file,
      "# my sources\nsources:\n  - { id: known, name: Known, url: https://known.example/rss, type: feed }\n",
    );
    const result = appendFeedsToSourcesFile(file, parseOpml(opml));
    expect(result.added).toEqual([{ id: "steppe-silk", url: "https://steppe.example/feed.xml" }]);
    expect(result.skipped.map((s) => s.reason)).toEqual(["already configured", "not an http(s) URL"]);
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("# my sources\n")).toBe(true);
    expect(parseSourcesConfig(text, file).sources.map((s) => s.id)).toEqual(["known", "steppe-silk"]);
  });

  it("exports feed sources as OPML that imports back", () => {
    const config = parseSourcesConfig(
      `sources:\n  - { id: a, name: "A & B", url: "https://a.example/feed?x=1&y=2", type: feed }\n`,
      FILE,
    );
    expect(parseOpml(renderOpml(config.sources))).toEqual([
      { title: "A & B", xmlUrl: "https://a.example/feed?x=1&y=2", htmlUrl: undefined, language: undefined },
    ]);
  });

  it("rejects a document that is not OPML", () => {
    expect(() => parseOpml("<html><body>hi</body></html>")).toThrow(/not an OPML document/);
  });
});

describe("sources.yaml bounds", () => {
  it("rejects timeouts over 10 minutes and maxBytes over 100 MiB, at their line", () => {
    expect(problemsOf(`fetch:\n  timeout: 11m\n  connectTimeout: 1h\n  maxBytes: 104857601\nsources: []\n`)).toEqual([
      `${FILE}:2: fetch.timeout: must be an interval like "30s" or "2m", at most 10m`,
      `${FILE}:3: fetch.connectTimeout: must be an interval like "30s" or "2m", at most 10m`,
      `${FILE}:4: fetch.maxBytes: must be at most 104857600 (100 MiB)`,
    ]);
    expect(problemsOf(`fetch: { timeout: 10m, maxBytes: 104857600 }\nsources: []\n`)).toEqual([]);
  });

  it("rejects a poll interval under a minute, unless the environment lowers the bound", () => {
    const yaml = `sources:\n  - id: fast\n    name: Fast\n    url: https://f.example/rss\n    type: feed\n    every: 30s\n`;
    expect(problemsOf(yaml)).toEqual([`${FILE}:6: source "fast": every: must be at least 1m`]);
    expect(parseSourcesConfig(yaml, FILE, boundsFromEnv({ SILKWIRE_MIN_POLL_INTERVAL: "10s" })).sources).toHaveLength(
      1,
    );
  });

  it("compiles CSS selectors at load: a bad one is a file:line error naming the selector's problem", () => {
    const yaml = `sources:
  - id: site
    name: Site
    url: https://s.example/
    type: html
    selectors:
      item: "div.card["
      link: "a:hover-ish"
`;
    expect(problemsOf(yaml)).toEqual([
      expect.stringMatching(
        /^config\/sources\.yaml:7: source "site": selectors\.item: not a CSS selector .*: Expected name/,
      ),
      `${FILE}:8: source "site": selectors.link: not a CSS selector cheerio can use: Unknown pseudo-class :hover-ish`,
    ]);
  });

  it("takes maxItems per source, within 1..10000", () => {
    const yaml = (n: number) =>
      `sources:\n  - { id: a, name: A, url: "https://a.example/feed", type: feed, maxItems: ${n} }\n`;
    expect(parseSourcesConfig(yaml(50), FILE).sources[0].maxItems).toBe(50);
    expect(problemsOf(yaml(0))).toHaveLength(1);
  });
});
