import type pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";
import { createPool } from "./pool.ts";
import { databaseUrl } from "./database-url.ts";
import { poolSql, type Sql } from "./sql.ts";

export type Db = InstanceType<typeof PrismaClient>;

// The pool under each client: the per-article statements of curation (sql.ts) share Prisma's connections, so a
// worker holds no more connections than before, and ending the client ends them.
const poolOf = new WeakMap<Db, pg.Pool>();

/** The one way the application opens Postgres: Prisma over node-postgres, no native engine. */
export function createDb(url: string = databaseUrl(), poolSize = 10): Db {
  const pool = createPool(url, poolSize);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  poolOf.set(db, pool);
  return db;
}

/** The node-postgres pool a client of createDb runs on. */
export function sqlPoolOf(db: Db): pg.Pool {
  const pool = poolOf.get(db);
  if (!pool) throw new Error("this Prisma client was not opened by createDb: it has no pool to share");
  return pool;
}

/** Plain statements on the client's pool (sql.ts). */
export function sqlOf(db: Db): Sql {
  return poolSql(sqlPoolOf(db));
}
