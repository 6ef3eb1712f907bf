// Plain SQL over node-postgres, for the statements a burst runs per article (curation's reads and writes). Prisma
// costs the worker 0.5 ms of CPU a raw statement and 1.5 ms a three-statement transaction; node-postgres 0.13 and
// 0.32 ms over the same pool (measured here, 3,000 calls each). The rest of the application keeps Prisma.
import pg from "pg";

/** One connection's or a pool's statements. Values are bound as $1, $2, ...; results come typed as Prisma's raw. */
export interface Sql {
  query<T>(text: string, ...values: unknown[]): Promise<T[]>;
  /** Rows changed. */
  execute(text: string, ...values: unknown[]): Promise<number>;
}

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

// Prisma writes DateTime columns (`timestamp(3)`, no time zone) in UTC and reads them as UTC. node-postgres would
// read them in the process's time zone, and write a Date as local time with an offset that a cast to `timestamp`
// drops: both must be UTC here too, whatever TZ a container runs in.
const types = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (oid === TIMESTAMP_OID) return (value) => new Date(`${value.replace(" ", "T")}Z`);
    if (oid === INT8_OID) return (value) => BigInt(value);
    return (pg.types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown)(oid, format);
  },
};

function bound(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(bound);
  return value;
}

type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

class PgSql implements Sql {
  private readonly target: Queryable;

  constructor(target: Queryable) {
    this.target = target;
  }

  async query<T>(text: string, ...values: unknown[]): Promise<T[]> {
    const result = await this.target.query({ text, values: values.map(bound), types });
    return result.rows as T[];
  }

  async execute(text: string, ...values: unknown[]): Promise<number> {
    const result = await this.target.query({ text, values: values.map(bound), types });
    return result.rowCount ?? 0;
  }
}

/** Statements on any free connection of the pool, each its own transaction. */
export function poolSql(pool: pg.Pool): Sql {
  return new PgSql(pool);
}

export interface TransactionOptions {
  isolation?: "read committed" | "repeatable read" | "serializable";
  /**
   * No statement of the transaction may run longer (lock waits included): a transaction that waits on a stuck
   * one gives up with an error rather than holding its own locks for ever.
   */
  statementTimeoutMs: number;
  /**
   * A statement without parameters that runs first, in the same round trip as BEGIN (taking a lock, reading the
   * snapshot): its rows are handed to `work`.
   */
  first?: string;
}

/**
 * Runs `work` in one transaction on one connection: committed when it returns, rolled back when it (or the commit)
 * throws, and the error passed on. A connection that cannot even roll back is discarded, not handed back to the pool.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  options: TransactionOptions,
  work: (sql: Sql, firstRows: Array<Record<string, unknown>>) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection that fails between two statements (the server stopped, the socket closed) emits an error no query
  // receives; unheard, it would end the process. The next statement then fails, and the connection is discarded.
  const onError = (error: Error) => (broken = error);
  client.on("error", onError);
  try {
    // One round trip: the commands go as one simple query (no parameters); each round trip costs both sides a
    // system call and a wake-up, about a quarter of a millisecond of the worker's CPU on this machine.
    const begin =
      `BEGIN ISOLATION LEVEL ${(options.isolation ?? "read committed").toUpperCase()}; ` +
      `SET LOCAL statement_timeout = ${Math.max(1, Math.round(options.statementTimeoutMs))}`;
    const results = (await client.query(
      options.first ? `${begin}; ${options.first}` : begin,
    )) as unknown as pg.QueryResult[];
    const firstRows = options.first ? (results[2]?.rows ?? []) : [];
    const value = await work(new PgSql(client), firstRows);
    await client.query("COMMIT");
    return value;
  } catch (error) {
    // After a failed COMMIT there is no transaction left, and ROLLBACK only warns.
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
}
