import { describe, expect, it } from "vitest";
import { workerConcurrency } from "../../src/cli/operator-settings.ts";
import { DEFAULT_CONCURRENCY } from "../../src/jobs/workers.ts";

describe("SILKWIRE_CURATE_CONCURRENCY", () => {
  it("curates one article at a time per process unless told otherwise", () => {
    expect(workerConcurrency({}).curate).toBe(1);
    expect(workerConcurrency({ SILKWIRE_CURATE_CONCURRENCY: " " })).toEqual(DEFAULT_CONCURRENCY);
    expect(workerConcurrency({ SILKWIRE_CURATE_CONCURRENCY: "3" })).toEqual({ ...DEFAULT_CONCURRENCY, curate: 3 });
  });

  it("names the variable and the value it refuses", () => {
    for (const bad of ["0", "-1", "2.5", "two", "17"]) {
      expect(() => workerConcurrency({ SILKWIRE_CURATE_CONCURRENCY: bad })).toThrow(
        `SILKWIRE_CURATE_CONCURRENCY: "${bad}" is not a whole number from 1 to 16`,
      );
    }
  });
});
