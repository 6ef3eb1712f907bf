// Curation's plain statements (src/store/sql.ts) share Prisma's pool and must read and write what Prisma does:
// DateTime columns in UTC whatever the process's time zone, transactions that commit or roll back as a whole, and a
// pool that survives a connection the server cut.
import { afterEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/services.ts";
import { sqlOf, sqlPoolOf } from "../../src/store/client.ts";
import { inTransaction } from "../../src/store/sql.ts";

const test = useTestDatabase();
const zone = process.env.TZ;

afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

async function storeSource(id: string, polledAt?: Date): Promise<void> {
  await test.db.source.create({
    data: { id, name: id, url: `https://${id}.example/`, type: "feed", lastPolledAt: polledAt },
  });
}

describe("plain SQL on Prisma's pool", () => {
  it("reads and writes timestamps as Prisma does, in UTC, in a time zone far from it", async () => {
    process.env.TZ = "Asia/Almaty";
    const instant = new Date("2026-06-05T23:30:00.123Z"); // already the 6th in Almaty
    await storeSource("prisma-wrote", instant);
    const sql = sqlOf(test.db);
    const [read] = await sql.query<{ at: Date }>(`SELECT "lastPolledAt" AS at FROM "Source" WHERE id = 'prisma-wrote'`);
    expect(read.at.toISOString()).toBe(instant.toISOString());

    await storeSource("sql-wrote");
    await sql.execute(`UPDATE "Source" SET "lastPolledAt" = $1::timestamp(3) WHERE id = 'sql-wrote'`, instant);
    const viaPrisma = await test.db.source.findUniqueOrThrow({ where: { id: "sql-wrote" } });
    expect(viaPrisma.lastPolledAt?.toISOString()).toBe(instant.toISOString());
  });

  it("reads bigint columns as bigint, as Prisma's raw queries do", async () => {
    const [row] = await sqlOf(test.db).query<{ n: bigint }>(`SELECT 9007199254740993::bigint AS n`);
    expect(row.n).toBe(9007199254740993n);
  });

  it("commits a transaction that returns, and rolls back every statement of one that throws", async () => {
    const pool = sqlPoolOf(test.db);
    const options = { statementTimeoutMs: 10_000 };
    await inTransaction(pool, options, (tx) =>
      tx.execute(`INSERT INTO "Source" (id, name, url, type, "updatedAt")
      VALUES ('kept', 'kept', 'https://kept.example/', 'feed', now())`),
    );
    const failure = inTransaction(pool, options, async (tx) => {
      await tx.execute(`INSERT INTO "Source" (id, name, url, type, "updatedAt")
        VALUES ('undone', 'undone', 'https://undone.example/', 'feed', now())`);
      throw new Error("decided against it");
    });
    await expect(failure).rejects.toThrow("decided against it");
    const ids = (await test.db.source.findMany({ where: { id: { in: ["kept", "undone"] } } })).map((s) => s.id);
    expect(ids).toEqual(["kept"]);
  });

  it("runs a transaction's reads on one snapshot when asked for repeatable read", async () => {
    await storeSource("snapshot");
    const pool = sqlPoolOf(test.db);
    const names = await inTransaction(
      pool,
      { isolation: "repeatable read", statementTimeoutMs: 10_000 },
      async (tx) => {
        const name = async () =>
          (await tx.query<{ name: string }>(`SELECT name FROM "Source" WHERE id = 'snapshot'`))[0];
        const before = await name();
        await test.db.source.update({ where: { id: "snapshot" }, data: { name: "renamed meanwhile" } });
        return [before.name, (await name()).name];
      },
    );
    expect(names).toEqual(["snapshot", "snapshot"]);
  });

  it("runs the first statement inside the transaction, hands its rows over, and holds what it took until the end", async () => {
    const pool = sqlPoolOf(test.db);
    const lockKey = 0x5111f0;
    const tryLock = async () =>
      (await sqlOf(test.db).query<{ got: boolean }>(`SELECT pg_try_advisory_xact_lock_shared($1) AS got`, lockKey))[0]
        .got;
    const first = `SELECT pg_advisory_xact_lock(${lockKey}), txid_current()::text AS xid`;
    const seen = await inTransaction(pool, { statementTimeoutMs: 10_000, first }, async (tx, rows) => {
      const [{ xid }] = await tx.query<{ xid: string }>(`SELECT txid_current()::text AS xid`);
      return { firstXid: rows[0].xid, xid, lockedMeanwhile: !(await tryLock()) };
    });
    // One transaction from BEGIN on: the first statement's and the work's transaction ids are one.
    expect(seen.firstXid).toBe(seen.xid);
    expect(seen.lockedMeanwhile).toBe(true);
    expect(await tryLock()).toBe(true);
  });

  it("gives up on a statement that waits longer than the transaction allows", async () => {
    const pool = sqlPoolOf(test.db);
    const waiting = inTransaction(pool, { statementTimeoutMs: 200 }, (tx) => tx.query(`SELECT pg_sleep(5)`));
    await expect(waiting).rejects.toMatchObject({ code: "57014" });
  });

  it("discards a connection the server cut, and goes on with a new one", async () => {
    const pool = sqlPoolOf(test.db);
    const cut = inTransaction(pool, { statementTimeoutMs: 10_000 }, async (tx) => {
      const [{ pid }] = await tx.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`);
      await sqlOf(test.db).query(`SELECT pg_terminate_backend($1)`, pid);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the cut arrives between two statements
      return tx.query(`SELECT 1`);
    });
    await expect(cut).rejects.toThrow();
    const [row] = await inTransaction(pool, { statementTimeoutMs: 10_000 }, (tx) =>
      tx.query<{ ok: number }>(`SELECT 1 AS ok`),
    );
    expect(row.ok).toBe(1);
  });
});
