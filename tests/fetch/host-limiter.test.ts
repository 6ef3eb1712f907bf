import { describe, expect, it } from "vitest";
import { createHostLimiter } from "../../src/fetch/host-limiter.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createHostLimiter", () => {
  it("keeps at most `concurrency` tasks in flight per host", async () => {
    const limiter = createHostLimiter({ concurrency: 2, minIntervalMs: 0 });
    let inFlight = 0;
    let peak = 0;
    const task = async () => {
      peak = Math.max(peak, ++inFlight);
      await sleep(20);
      inFlight--;
    };
    await Promise.all(Array.from({ length: 6 }, () => limiter.run("news.example", task)));
    expect(peak).toBe(2);
  });

  it("spaces request starts to the same host, but not across hosts", async () => {
    const limiter = createHostLimiter({ concurrency: 5, minIntervalMs: 60 });
    const starts: Record<string, number[]> = { a: [], b: [] };
    const record = (host: "a" | "b") => limiter.run(host, async () => void starts[host].push(Date.now()));
    const began = Date.now();
    await Promise.all([record("a"), record("a"), record("a"), record("b")]);
    const gaps = starts.a.slice(1).map((start, i) => start - starts.a[i]);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(55);
    expect(starts.b[0] - began).toBeLessThan(50);
  });

  it("treats host names case-insensitively and releases the slot when a task fails", async () => {
    const limiter = createHostLimiter({ concurrency: 1, minIntervalMs: 0 });
    await expect(limiter.run("News.Example", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.run("news.example", async () => "ok")).resolves.toBe("ok");
  });

  it("uses the injected clock to decide whether the interval has passed", async () => {
    let now = 1_000;
    const limiter = createHostLimiter({ concurrency: 1, minIntervalMs: 10_000, now: () => now });
    await limiter.run("a", async () => undefined);
    now += 10_000;
    const began = Date.now();
    await limiter.run("a", async () => undefined);
    expect(Date.now() - began).toBeLessThan(50);
  });
});
