import { redactUrl } from "../config/redact-url.ts";

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

export function redisUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.REDIS_URL?.trim() || DEFAULT_REDIS_URL;
}

/** Connection options shared by BullMQ and our own Redis probe (a plain object, so both libraries accept it). */
export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: object;
  maxRetriesPerRequest: null;
}

/** The connection options for a redis:// or rediss:// URL. */
export function redisOptions(url: string = redisUrl()): RedisConnection {
  const parsed = new URL(url);
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:")
    throw new Error(`REDIS_URL must start with redis:// or rediss://, got ${JSON.stringify(redactUrl(url))}`);
  return {
    host: parsed.hostname || "127.0.0.1",
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === "rediss:" ? {} : undefined,
    // Required by BullMQ's blocking connections: commands wait for a reconnect instead of failing.
    maxRetriesPerRequest: null,
  };
}
