// `silkwire export articles --format csv` as a user runs it: a cell a spreadsheet would run as a formula is text.
import { beforeAll, expect, it } from "vitest";
import { runCli, useTestDatabase } from "../helpers/services.ts";

const test = useTestDatabase();
const TITLES = [
  '=HYPERLINK("http://evil.example","click")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(A1)",
  "\tTabbed",
  "Plain",
];

beforeAll(async () => {
  await test.db.source.create({ data: { id: "s", name: "s", url: "https://s.example/", type: "feed" } });
  for (const [i, title] of TITLES.entries()) {
    const url = `https://s.example/${i}`;
    await test.db.article.create({ data: { url, canonicalKey: url, originalUrl: url, sourceId: "s", title } });
  }
});

it("neutralises cells that start like a formula and leaves the rest as they were", async () => {
  const run = await runCli(["export", "articles", "--format", "csv"], { DATABASE_URL: test.url });
  expect(run.code, run.stderr).toBe(0);
  const cells = run.stdout.split("\n");
  expect(cells.some((line) => line.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`))).toBe(true);
  expect(cells.some((line) => line.includes(`"'+cmd|' /C calc'!A0"`))).toBe(true);
  expect(cells.some((line) => line.includes(`"'-2+3"`))).toBe(true);
  expect(cells.some((line) => line.includes(`"'@SUM(A1)"`))).toBe(true);
  expect(cells.some((line) => line.includes(`"'\tTabbed"`))).toBe(true);
  expect(cells.some((line) => line.includes(",Plain,"))).toBe(true);
  // No cell of the file starts with a formula character.
  expect(run.stdout).not.toMatch(/(^|,)[=+@\t-]/m);
});

it("never prints the password of a REDIS_URL", async () => {
  const bad = await runCli(["ingest"], { DATABASE_URL: test.url, REDIS_URL: "http://admin:s3cret-pw@127.0.0.1:1" });
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/REDIS_URL must start with redis:\/\//);
  const unreachable = await runCli(["ingest"], { DATABASE_URL: test.url, REDIS_URL: "redis://:s3cret-pw@127.0.0.1:1" });
  expect(unreachable.code).toBe(3);
  expect(unreachable.stderr).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
  expect(bad.stderr + bad.stdout + unreachable.stderr + unreachable.stdout).not.toContain("s3cret");
});
