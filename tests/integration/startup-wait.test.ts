// Compose engines may start every service at once (podman-compose ignores depends_on conditions): with
// SILKWIRE_STARTUP_WAIT a service waits for Postgres, Redis and the migrations instead of exiting.
import pg from "pg";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { retryWhileUnavailable, ServiceUnavailableError, startupWaitMs } from "../../src/runtime.ts";
import { applyMigrations, ensureDatabase, pendingMigrations } from "../../src/store/migrate.ts";
import { deleteQueueKeys, spawnCli, TEST_REDIS_URL, uniqueQueuePrefix } from "../helpers/services.ts";

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432";
const url = `${SERVER_URL}/silkwire_test_wait_${randomBytes(4).toString("hex")}`;
const prefix = uniqueQueuePrefix();

afterAll(async () => {
  const admin = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
  await deleteQueueKeys(prefix);
});

describe("waiting for services at start", () => {
  it("reads SILKWIRE_STARTUP_WAIT as a duration; unset means no waiting", () => {
    expect(startupWaitMs({})).toBe(0);
    expect(startupWaitMs({ SILKWIRE_STARTUP_WAIT: "2m" })).toBe(120_000);
    expect(() => startupWaitMs({ SILKWIRE_STARTUP_WAIT: "soon" })).toThrow(/not a duration/);
  });

  it("retries only unavailable services, and gives up after the wait", async () => {
    let calls = 0;
    const down = () => new ServiceUnavailableError("Redis", "redis://x:6379", "ECONNREFUSED", "Is it running?");
    const value = await retryWhileUnavailable(async () => {
      if (++calls < 3) throw down();
      return "up";
    }, 10_000);
    expect([value, calls]).toEqual(["up", 3]);
    await expect(retryWhileUnavailable(async () => Promise.reject(new Error("bug")), 10_000)).rejects.toThrow("bug");
    const started = Date.now();
    await expect(retryWhileUnavailable(async () => Promise.reject(down()), 1200)).rejects.toThrow(/cannot reach Redis/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("a scheduler started before `migrate` waits for the migrations, then runs", async () => {
    await ensureDatabase(url);
    expect((await pendingMigrations(url)).length).toBeGreaterThan(0);
    const scheduler = spawnCli(["scheduler"], {
      DATABASE_URL: url,
      REDIS_URL: TEST_REDIS_URL,
      SILKWIRE_QUEUE_PREFIX: prefix,
      SILKWIRE_STARTUP_WAIT: "60s",
    });
    try {
      await scheduler.waitForOutput(/migration\(s\) not applied yet.*retrying for \d+ s more/);
      await applyMigrations(url);
      expect(await pendingMigrations(url)).toEqual([]);
      await scheduler.waitForOutput(/schedules: \d+ sources polled on schedule/, 30_000);
      // The last step of its start-up: a SIGTERM from here on lets it wind down instead of exiting at once.
      await scheduler.waitForOutput(/weekly digest (not )?scheduled/, 30_000);
      expect(scheduler.child.exitCode).toBeNull();
    } finally {
      scheduler.child.kill("SIGTERM");
      expect(await scheduler.exited).toBe(0);
    }
  }, 90_000);

  it("a worker still waiting for Postgres stops at once on SIGTERM, saying so, with exit code 0", async () => {
    // Port 9 (discard) on loopback: nothing listens, so every connect is refused and the worker keeps waiting.
    const worker = spawnCli(["worker"], {
      DATABASE_URL: "postgresql://postgres@127.0.0.1:9/silkwire",
      REDIS_URL: TEST_REDIS_URL,
      SILKWIRE_QUEUE_PREFIX: prefix,
      SILKWIRE_STARTUP_WAIT: "60s",
    });
    await worker.waitForOutput(/cannot reach Postgres.*retrying for \d+ s more/);
    const signalled = Date.now();
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(worker.output()).toMatch(/SIGTERM during start-up: exiting/);
  }, 30_000);

  it("without SILKWIRE_STARTUP_WAIT the same start fails at once, saying to migrate", async () => {
    const fresh = `${url}_b`;
    await ensureDatabase(fresh);
    try {
      const scheduler = spawnCli(["scheduler"], { DATABASE_URL: fresh, REDIS_URL: TEST_REDIS_URL });
      expect(await scheduler.exited).toBe(3);
      expect(scheduler.output()).toMatch(/migration\(s\) not applied yet .*Run `silkwire migrate`\./);
    } finally {
      const admin = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${new URL(fresh).pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    }
  }, 30_000);
});
