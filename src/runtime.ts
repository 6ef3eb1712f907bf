import { Redis } from "ioredis";
import { redactUrl } from "./config/redact-url.ts";
import { createFetcher, type Fetcher } from "./fetch/index.ts";
import { loadConfig, type Config } from "./config/config.ts";
import { createDb, type Db } from "./store/client.ts";
import { ConfigReader } from "./store/config-store.ts";
import { databaseUrl } from "./store/database-url.ts";
import { pendingMigrations } from "./store/migrate.ts";
import { parseInterval } from "./config/interval.ts";
import { log } from "./log.ts";
import { redisOptions, redisUrl, type RedisConnection } from "./jobs/connection.ts";
import { DEFAULT_QUEUE_SETTINGS, openQueues, closeAll, type Queues, type QueueSettings } from "./jobs/queues.ts";

/** Everything a command needs, opened once from the environment and the config files. */
export interface Runtime {
  /** The configuration this process loaded from its files (start and scheduler reload it when they change). */
  config: Config;
  /** The configuration every process runs on: Postgres' copy, published by whoever loads the files. */
  liveConfig: ConfigReader;
  db: Db;
  connection: RedisConnection;
  settings: QueueSettings;
  queues: Queues;
  /** Follows the live configuration's fetch settings. */
  fetcher: Fetcher;
  close(): Promise<void>;
}

/** A service the command needs is not reachable: reported as one line, not a stack trace. */
export class ServiceUnavailableError extends Error {
  constructor(service: string, url: string, cause: unknown, hint: string) {
    super(`cannot reach ${service} at ${redactUrl(url)}: ${causeLine(cause)}. ${hint}`);
    this.name = "ServiceUnavailableError";
  }
}

/** One line from a driver's error: Prisma wraps the server's message in several lines of invocation context. */
function causeLine(cause: unknown): string {
  const message = String((cause as Error)?.message ?? cause);
  const quoted = /Message: `([^`]+)`/.exec(message)?.[1];
  const line =
    quoted ??
    message
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ??
    message;
  return line.replace(/\.+$/, "");
}

export function queueSettings(env: NodeJS.ProcessEnv = process.env): QueueSettings {
  const positive = (value: string | undefined, fallback: number) => {
    const n = Number(value);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    prefix: env.SILKWIRE_QUEUE_PREFIX?.trim() || DEFAULT_QUEUE_SETTINGS.prefix,
    retryDelayMs: positive(env.SILKWIRE_RETRY_DELAY_MS, DEFAULT_QUEUE_SETTINGS.retryDelayMs),
    lockDurationMs: positive(env.SILKWIRE_JOB_LOCK_MS, DEFAULT_QUEUE_SETTINGS.lockDurationMs),
    recoveryEveryMs: positive(env.SILKWIRE_RECOVERY_EVERY_MS, DEFAULT_QUEUE_SETTINGS.recoveryEveryMs),
  };
}

export async function openRuntime(
  env: NodeJS.ProcessEnv = process.env,
  config = loadConfig(env),
  onConfigChange?: (config: Config) => void,
): Promise<Runtime> {
  const connection = redisOptions(redisUrl(env));
  const waitMs = startupWaitMs(env);
  await retryWhileUnavailable(() => checkRedis(connection, redisUrl(env)), waitMs);
  const db = await retryWhileUnavailable(async () => {
    const db = createDb(databaseUrl(env));
    await checkPostgres(db, databaseUrl(env));
    return db;
  }, waitMs);
  const settings = queueSettings(env);
  const queues = openQueues(connection, settings);
  const liveConfig = new ConfigReader(db, config, { onChange: onConfigChange });
  const fetcher = liveFetcher(() => liveConfig.latest());
  return {
    config,
    liveConfig,
    db,
    connection,
    settings,
    queues,
    fetcher,
    close: async () => {
      await closeAll(Object.values(queues));
      await fetcher.close();
      await db.$disconnect();
    },
  };
}

export async function checkPostgres(db: Db, url: string): Promise<void> {
  let pending: string[];
  try {
    await db.$queryRawUnsafe("SELECT 1");
    pending = await pendingMigrations(url);
  } catch (err) {
    await db.$disconnect().catch(() => {});
    const missingTable = /does not exist/.test(String((err as Error).message));
    throw new ServiceUnavailableError(
      "Postgres",
      url,
      err,
      missingTable ? "Run `silkwire migrate`." : "Is it running? Set DATABASE_URL if it is elsewhere.",
    );
  }
  if (pending.length) {
    await db.$disconnect().catch(() => {});
    const what = `${pending.length} migration(s) not applied yet (the first: ${pending[0]})`;
    throw new ServiceUnavailableError("Postgres", url, what, "Run `silkwire migrate`.");
  }
}

/**
 * SILKWIRE_STARTUP_WAIT (e.g. `2m`): how long a starting command keeps retrying Postgres and Redis, and waits for
 * migrations, before it gives up. Unset: it gives up at once. Containers set it, because a compose engine may start
 * every service together, whatever `depends_on` says.
 */
export function startupWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SILKWIRE_STARTUP_WAIT?.trim();
  if (!raw) return 0;
  const ms = parseInterval(raw);
  if (ms === undefined) throw new Error(`SILKWIRE_STARTUP_WAIT: not a duration like 90s or 2m: "${raw}"`);
  return ms;
}

/** Runs `attempt` until it stops throwing ServiceUnavailableError or `waitMs` has passed (then rethrows). */
export async function retryWhileUnavailable<T>(attempt: () => Promise<T>, waitMs: number): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await attempt();
    } catch (err) {
      const left = deadline - Date.now();
      if (!(err instanceof ServiceUnavailableError) || left <= 0) throw err;
      log.warn(`${err.message} (retrying for ${Math.ceil(left / 1000)} s more)`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
    }
  }
}

async function checkRedis(options: RedisConnection, url: string): Promise<void> {
  const probe = new Redis({
    ...options,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  let socketError: Error | undefined;
  probe.on("error", (err) => (socketError ??= err)); // reported below as one line
  try {
    await probe.connect();
    await probe.ping();
    await warnUnlessNoEviction(probe);
  } catch (err) {
    throw new ServiceUnavailableError(
      "Redis",
      url,
      socketError ?? err,
      "Is it running? Set REDIS_URL if it is elsewhere.",
    );
  } finally {
    probe.disconnect();
  }
}

/** Evicted keys corrupt queues; managed Redis may forbid CONFIG, in which case we cannot tell and stay quiet. */
async function warnUnlessNoEviction(redis: Redis): Promise<void> {
  const [, policy] = ((await redis.config("GET", "maxmemory-policy").catch(() => [])) as string[]) ?? [];
  if (policy && policy !== "noeviction")
    process.stderr.write(
      `silkwire: warning: Redis maxmemory-policy is "${policy}"; queues need "noeviction" or jobs may be lost\n`,
    );
}

// A replaced fetcher may still be serving requests that started before the change; it is closed once the longest
// request deadline has passed.
const RETIRE_AFTER_MS = 15 * 60_000;

/** A fetcher on the current fetch settings: a changed setting applies from the next request on. */
function liveFetcher(config: () => Promise<Config>): Fetcher {
  let active: { key: string; fetcher: Fetcher } | undefined;
  const retired = new Set<Fetcher>();
  const fetcherFor = (c: Config) => {
    const options = { ...definedOnly(c.fetch), allowPrivateNetworks: c.allowPrivateNetworks };
    const key = JSON.stringify(options);
    if (active?.key !== key) {
      const old = active?.fetcher;
      if (old) retired.add(old);
      if (old) setTimeout(() => retired.delete(old) && void old.close(), RETIRE_AFTER_MS).unref();
      active = { key, fetcher: createFetcher(options) };
    }
    return active.fetcher;
  };
  return {
    fetch: async (request) => fetcherFor(await config()).fetch(request),
    close: async () => {
      await Promise.allSettled([...retired, ...(active ? [active.fetcher] : [])].map((f) => f.close()));
    },
  };
}

function definedOnly<T extends object>(settings: T): Partial<T> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Partial<T>;
}
