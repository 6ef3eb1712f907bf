// `silkwire feeds build` and `silkwire web` as a user runs them, against a database of their own.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createTestDatabase,
  PROJECT_ROOT,
  runCli,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
  waitFor,
} from "../helpers/services.ts";
import type { TestDatabase } from "../helpers/services.ts";
import { seedStories } from "../helpers/seed-stories.ts";
import { THREE_COPIES } from "../publish/fixtures/stories.ts";
import { feedparser } from "../publish/feed-readers.ts";

let test: TestDatabase;
let publicDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedStories(test.db, [THREE_COPIES]);
  publicDir = mkdtempSync(path.join(tmpdir(), "silkwire-public-"));
  env = {
    DATABASE_URL: test.url,
    REDIS_URL: TEST_REDIS_URL,
    SILKWIRE_QUEUE_PREFIX: uniqueQueuePrefix(),
    SILKWIRE_PUBLIC_DIR: publicDir,
    PUBLIC_URL: "https://silkwire.example.net/",
    HOST: "127.0.0.1",
    PORT: "0",
  };
}, 120_000);

afterAll(async () => {
  rmSync(publicDir, { recursive: true, force: true });
  await test?.drop();
});

it("feeds build writes every default feed in three formats and the OPML list", async () => {
  const result = await runCli(["feeds", "build"], env);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(
    /^\d+ feeds built in \d+ ms into .*: \d+ files written, 0 unchanged \(select \d+ ms, load \d+ ms, render \d+ ms, write \d+ ms\)\n$/,
  );
  const files = readdirSync(path.join(publicDir, "feeds"));
  for (const name of ["all", "energy", "kz", "cn", "widely-reported"])
    for (const ext of ["xml", "atom", "json"]) expect(files).toContain(`${name}.${ext}`);
  const kz = feedparser(readFileSync(path.join(publicDir, "feeds", "kz.atom"), "utf8"));
  expect(kz.bozo).toBe(false);
  expect(kz.entries.map((e) => e.title)).toEqual([THREE_COPIES.copies[0].title]);
  expect(readFileSync(path.join(publicDir, "feeds.opml"), "utf8")).toContain(
    'xmlUrl="https://silkwire.example.net/feeds/all.atom"',
  );
});

it("web serves the built feeds and /health, and stops on SIGTERM", async () => {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "src/cli/main.ts"), "web"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    await waitFor(() => /listening on (http:\/\/\S+),/.test(output), 30_000);
    const base = /listening on (http:\/\/\S+),/.exec(output)![1];
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const feed = await fetch(`${base}/feeds/kz.json`);
    expect(feed.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    expect(((await feed.json()) as { feed_url: string }).feed_url).toBe("https://silkwire.example.net/feeds/kz.json");
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited).toBe(0);
}, 60_000);
