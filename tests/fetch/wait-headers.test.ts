import { describe, expect, it } from "vitest";
import { MAX_WAIT_MS, parseMaxAge, parseRetryAfter } from "../../src/fetch/wait-headers.ts";

const NOW = new Date("2026-12-01T03:00:00Z");

describe("Retry-After", () => {
  it.each([
    ["120", 120_000],
    [" 0 ", 0],
    ["Tue, 01 Dec 2026 03:05:00 GMT", 300_000],
    ["Tue, 01 Dec 2026 02:00:00 GMT", 0], // a date in the past: poll when due
    ["31536000", MAX_WAIT_MS], // a year: capped at a day
    ["Fri, 01 Jan 2099 00:00:00 GMT", MAX_WAIT_MS],
  ])("%s → %d ms", (header, ms) => {
    expect(parseRetryAfter(header, NOW)).toBe(ms);
  });

  it.each([[undefined], [""], ["soon"], ["-5"], ["2.5"]])("ignores %s", (header) => {
    expect(parseRetryAfter(header, NOW)).toBeUndefined();
  });
});

describe("Cache-Control max-age", () => {
  it.each([
    ["public, max-age=1800", 1_800_000],
    ['max-age="600", must-revalidate', 600_000],
    ["s-maxage=60", undefined],
    ["no-cache", undefined],
    ["max-age=99999999", MAX_WAIT_MS],
  ])("%s → %s ms", (header, ms) => {
    expect(parseMaxAge(header)).toBe(ms);
  });
});
