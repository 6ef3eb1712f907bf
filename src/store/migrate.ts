import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Creates the database named in the URL when it does not exist yet (connecting to the server's `postgres` db). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1)) || "postgres";
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const client = new pg.Client({ connectionString: maintenance.href });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return false;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (err) {
    // Two processes starting at once both try to create it; the loser finds it there.
    if ((err as { code?: string }).code === "42P04") return false;
    throw err;
  } finally {
    await client.end();
  }
}

const SUCCESS = /All migrations have been successfully applied\.|No pending migrations to apply\./;

/** Applies pending migrations with `prisma migrate deploy` (the Wasm schema engine; see prisma.config.ts). */
export async function applyMigrations(url: string, log: (line: string) => void = () => {}): Promise<void> {
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const child = spawn(process.execPath, [prismaCli, "migrate", "deploy"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let succeeded = false;
  const onOutput = (chunk: Buffer) => {
    output += chunk;
    // The Wasm schema engine leaves a 10 s timer running after its work is done, which holds the CLI open; once
    // it has said the migrations are applied there is nothing left to wait for.
    if (!succeeded && SUCCESS.test(output)) {
      succeeded = true;
      setTimeout(() => child.kill("SIGTERM"), 300).unref();
    }
  };
  child.stdout.on("data", onOutput);
  child.stderr.on("data", onOutput);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  for (const line of output.split("\n").filter((l) => /migration|applied|error/i.test(l))) log(line.trim());
  if (code !== 0 && !succeeded) throw new Error(`prisma migrate deploy failed (exit ${code}):\n${output.trim()}`);
}

/**
 * The migrations in prisma/migrations that this database has not applied (all of them when it has none), so a
 * service started beside a one-shot `migrate` can wait for it instead of failing on a missing table.
 */
export async function pendingMigrations(url: string): Promise<string[]> {
  const local = readdirSync(path.join(PROJECT_ROOT, "prisma/migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
    if (!table.rows[0].present) return local;
    const applied = await client.query(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const done = new Set(applied.rows.map((row: { migration_name: string }) => row.migration_name));
    return local.filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}
