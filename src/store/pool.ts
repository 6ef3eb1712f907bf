import pg from "pg";

const NAME_OID = 19;
const TEXT_OID = 25;

/**
 * adapter-pg rejects result columns of Postgres type `name` (OID 19), which the migration engine reads from the
 * catalog (prisma/orm#27403). They are plain strings, so we relabel them as `text` before the adapter sees them.
 */
function relabelNameColumns<T>(result: T): T {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results as Array<{ fields?: Array<{ dataTypeID: number }> } | undefined>) {
    for (const field of r?.fields ?? []) if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

class NameAsTextClient extends pg.Client {
  // pg's query() has many overloads (promise and callback forms); we wrap both without changing its signature.
  override query(...args: unknown[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const callback = last as (err: Error | null, res: unknown) => void;
      args[args.length - 1] = (err: Error | null, res: unknown) => callback(err, err ? res : relabelNameColumns(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    if (out && typeof (out as Promise<unknown>).then === "function")
      return (out as Promise<unknown>).then(relabelNameColumns);
    return out;
  }
}

export function createPool(connectionString: string, max = 10): pg.Pool {
  // allowExitOnIdle: Prisma does not end a pool it was handed, so idle connections must not keep a CLI alive.
  // connectionTimeoutMillis: a connect to an address that no longer answers (a restarted container got a new one)
  // fails after 10 s and the next one resolves the name again, instead of hanging for the kernel's SYN timeout.
  const pool = new pg.Pool({
    connectionString,
    max,
    Client: NameAsTextClient,
    allowExitOnIdle: true,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  });
  // An idle connection that the server closed (a restart, a dropped database) is discarded by the pool, and the next
  // query opens another; unheard, the pool's error event would end the process. Prisma listens only once it has
  // connected, and curation's statements (sql.ts) may use the pool first.
  pool.on("error", () => {});
  return pool;
}
