// The configuration every process runs on, kept in Postgres: the one place `start`, `scheduler` and every
// `worker` agree on. Whoever loads the files publishes; everyone reads, checking a short version string first.
import type { Config } from "../config/config.ts";
import type { Prisma } from "./generated/client.ts";
import type { Db } from "./client.ts";

const ROW = 1;

/** Stores the configuration unless it is already the stored one; returns whether it changed. */
export async function publishConfig(db: Db, config: Config): Promise<boolean> {
  const stored = await storedConfigVersion(db);
  if (stored === config.version) return false;
  const data = { version: config.version, config: config as unknown as Prisma.InputJsonValue };
  await db.configSnapshot.upsert({ where: { id: ROW }, create: { id: ROW, ...data }, update: data });
  return true;
}

export async function storedConfigVersion(db: Db): Promise<string | undefined> {
  const row = await db.configSnapshot.findUnique({ where: { id: ROW }, select: { version: true } });
  return row?.version;
}

export async function storedConfig(db: Db): Promise<Config | undefined> {
  const row = await db.configSnapshot.findUnique({ where: { id: ROW } });
  return row ? { ...(row.config as unknown as Config), version: row.version } : undefined;
}

/**
 * The stored configuration as one process sees it: the version is re-read at most every `checkEveryMs` (one
 * primary-key lookup), the whole configuration only when the version changed. Until anything is stored, the
 * configuration this process loaded from its own files.
 */
export class ConfigReader {
  private readonly db: Db;
  private readonly checkEveryMs: number;
  private current: Config;
  private checkedAt = 0;
  private pending: Promise<Config> | undefined;
  private readonly onChange: (config: Config) => void;

  constructor(db: Db, fallback: Config, options: { checkEveryMs?: number; onChange?: (config: Config) => void } = {}) {
    this.db = db;
    this.current = fallback;
    this.checkEveryMs = options.checkEveryMs ?? 1000;
    this.onChange = options.onChange ?? (() => {});
  }

  /** The latest configuration, at most `maxAgeMs` (by default `checkEveryMs`) old. */
  async latest(maxAgeMs = this.checkEveryMs): Promise<Config> {
    if (Date.now() - this.checkedAt < maxAgeMs) return this.current;
    this.pending ??= this.refresh().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async refresh(): Promise<Config> {
    const version = await storedConfigVersion(this.db);
    const stored = version && version !== this.current.version ? await storedConfig(this.db) : undefined;
    if (stored) {
      this.current = stored;
      this.onChange(stored);
    }
    this.checkedAt = Date.now();
    return this.current;
  }
}
