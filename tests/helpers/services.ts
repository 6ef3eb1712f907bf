import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createDb, type Db } from "../../src/store/client.ts";
import { applyMigrations, ensureDatabase } from "../../src/store/migrate.ts";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432";
export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file, dropped afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = `${SERVER_URL}/silkwire_test_${randomBytes(4).toString("hex")}`;
  await ensureDatabase(url);
  await applyMigrations(url);
  const db = createDb(url, 4);
  return {
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      const admin = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** A fresh database for the calling test file: created before its tests run, dropped after. */
export function useTestDatabase(): Omit<TestDatabase, "drop"> {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
  });
  const current = () => {
    if (!database) throw new Error("the test database is created in beforeAll; use it inside a test or hook");
    return database;
  };
  return {
    get url() {
      return current().url;
    },
    get db() {
      return current().db;
    },
  };
}

export function uniqueQueuePrefix(): string {
  return `silkwire-test-${randomBytes(4).toString("hex")}`;
}

/** Removes every Redis key a test's queues created. */
export async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `silkwire` command in a child process, as a user would. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "src/cli/main.ts"), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** A database, a config directory with the given sources.yaml, and a queue prefix: one pipeline of its own. */
export interface PipelineSandbox {
  database: TestDatabase;
  configDir: string;
  /** The environment `silkwire` needs to run against this sandbox. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function createPipelineSandbox(
  sourcesYaml: string,
  extraEnv: Record<string, string> = {},
): Promise<PipelineSandbox> {
  const database = await createTestDatabase();
  const configDir = mkdtempSync(path.join(tmpdir(), "silkwire-config-"));
  writeFileSync(path.join(configDir, "sources.yaml"), sourcesYaml);
  const prefix = uniqueQueuePrefix();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    SILKWIRE_CONFIG_DIR: configDir,
    SILKWIRE_QUEUE_PREFIX: prefix,
    SILKWIRE_RETRY_DELAY_MS: "200",
    // Schedules of a few seconds let tests see polls repeat; real configs may not go under a minute.
    SILKWIRE_MIN_POLL_INTERVAL: "1s",
    // Feed rebuilds after curation write here, never into the repository's public/.
    SILKWIRE_PUBLIC_DIR: path.join(configDir, "public"),
    ...extraEnv,
  };
  return {
    database,
    configDir,
    env,
    cleanup: async () => {
      await database.drop();
      await deleteQueueKeys(prefix);
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** Polls `condition` every 100 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(condition)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A long-running `silkwire` command (start, worker, web) in a child process, its output collected as it comes. */
export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string | null>;
  /** Waits until the output matches, and returns the match. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

export function spawnCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "src/cli/main.ts"), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on("close", (code, signal) => resolve(code ?? signal)),
  );
  return {
    child,
    output: () => output,
    exited,
    waitForOutput: async (pattern, timeoutMs = 30_000) => {
      await waitFor(() => pattern.test(output), timeoutMs).catch((err: Error) => {
        throw new Error(`${err.message}: ${pattern} not in output:\n${output}`);
      });
      return pattern.exec(output)!;
    },
  };
}
