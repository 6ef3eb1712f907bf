import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigErrors } from "../../src/config/errors.ts";
import { parseSubscribersConfig } from "../../src/config/subscribers.ts";

const known = { topics: new Set(["energy", "diplomacy"]), countries: new Set(["KZ", "UZ"]) };

function problems(text: string): string[] {
  try {
    parseSubscribersConfig(text, "subscribers.yaml", known);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigErrors)) throw err;
    return err.problems.map((p) => p.message);
  }
}

describe("subscribers.yaml", () => {
  it("the shipped example is valid: Monday 07:00 in Almaty, no subscribers", () => {
    const config = parseSubscribersConfig(
      readFileSync("config/subscribers.yaml", "utf8"),
      "config/subscribers.yaml",
      known,
    );
    expect(config.digest).toMatchObject({ timeZone: "Asia/Almaty", schedule: "0 7 * * 1", retryDelayMs: 30_000 });
    expect(config.subscribers).toEqual([]);
  });

  it("reads subscribers with lower-cased addresses; a missing file means defaults", () => {
    const config = parseSubscribersConfig(
      "subscribers:\n  - email: Ana@Example.org\n    name: Ana\n    topics: [energy]\n",
      "subscribers.yaml",
      known,
    );
    expect(config.subscribers).toEqual([
      { email: "ana@example.org", name: "Ana", topics: ["energy"], countries: [], line: 2 },
    ]);
    expect(parseSubscribersConfig("", "subscribers.yaml", known).digest.from).toContain("<");
  });

  it("reports every problem at once with its line, including header injection attempts", () => {
    const text = [
      "digest:",
      "  timeZone: Mars/Olympus",
      "subscribers:",
      "  - email: not-an-address",
      '  - email: "victim@example.org\\r\\nBcc: everyone@example.org"',
      "  - email: ok@example.org",
      '    name: "Ana\\r\\nBcc: x@example.org"',
      "  - email: two@example.org",
      "    topics: [football]",
      "    countries: [FR]",
      "  - email: Two@example.org",
      "  - email: three@example.org",
      "    colour: blue",
    ].join("\n");
    expect(problems(text)).toEqual(["subscribers.yaml:2: digest.timeZone: unknown time zone"]);
    expect(problems(text.replace("Mars/Olympus", "UTC"))).toEqual([
      "subscribers.yaml:4: subscribers.0.email: not a valid e-mail address (plain address, no name or spaces)",
      "subscribers.yaml:5: subscribers.1.email: not a valid e-mail address (plain address, no name or spaces)",
      "subscribers.yaml:7: subscribers.2.name: name must be one line",
      'subscribers.yaml:9: unknown topic "football"',
      'subscribers.yaml:10: unknown country "FR"',
      "subscribers.yaml:11: two@example.org is listed twice (line 8)",
      'subscribers.yaml:13: unknown key "colour"',
    ]);
  });
});
