// One DigestDelivery row per (digest, subscriber) is what makes sending exactly-once: a row is claimed (state
// `sending`, committed) before its message goes to SMTP, so after a crash we know which messages may have left.
import pg from "pg";
import type { Db } from "./client.ts";

export type DeliveryState = "pending" | "sending" | "sent" | "uncertain" | "failed" | "suppressed";

export interface ClaimedDelivery {
  id: string;
  subscriberId: string;
  attempts: number;
  messageId: string;
}

export async function createDeliveries(
  db: Db,
  digestId: string,
  rows: Array<{ subscriberId: string; messageId: string }>,
): Promise<void> {
  if (!rows.length) return;
  await db.digestDelivery.createMany({ data: rows.map((r) => ({ digestId, ...r })), skipDuplicates: true });
}

/** Takes the next due pending row and marks it `sending` in the same statement. */
export async function claimNextDelivery(db: Db, digestId: string): Promise<ClaimedDelivery | undefined> {
  const rows = await db.$queryRawUnsafe<ClaimedDelivery[]>(
    `UPDATE "DigestDelivery" SET state = 'sending', attempts = attempts + 1, "updatedAt" = now()
      WHERE id = (SELECT id FROM "DigestDelivery"
                   WHERE "digestId" = $1::uuid AND state = 'pending' AND "nextAttemptAt" <= now()
                   ORDER BY "nextAttemptAt", id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id::text, "subscriberId"::text AS "subscriberId", attempts, "messageId"`,
    digestId,
  );
  return rows[0];
}

/** When the earliest pending retry is due, or nothing when no row is pending. */
/** Deliveries of this digest still to be settled by a sender (pending, including those waiting for a retry). */
export async function countPending(db: Db, digestId: string): Promise<number> {
  return db.digestDelivery.count({ where: { digestId, state: "pending" } });
}

export async function nextRetryAt(db: Db, digestId: string): Promise<Date | undefined> {
  const row = await db.digestDelivery.findFirst({
    where: { digestId, state: "pending" },
    orderBy: { nextAttemptAt: "asc" },
    select: { nextAttemptAt: true },
  });
  return row?.nextAttemptAt;
}

export async function finishDelivery(
  db: Db,
  id: string,
  outcome: { state: Exclude<DeliveryState, "sending">; error?: string; retryAt?: Date },
): Promise<void> {
  await db.digestDelivery.update({
    where: { id },
    data: {
      state: outcome.state,
      lastError: outcome.error?.slice(0, 1000) ?? null,
      ...(outcome.retryAt ? { nextAttemptAt: outcome.retryAt } : {}),
      ...(outcome.state === "sent" ? { sentAt: new Date() } : {}),
    },
  });
}

/** Rows a dead sender left in `sending`: their messages may or may not have left, so they are not resent. */
export async function markOrphansUncertain(db: Db, digestId: string): Promise<number> {
  const { count } = await db.digestDelivery.updateMany({
    where: { digestId, state: "sending" },
    data: { state: "uncertain", lastError: "the sender stopped after handing this message to SMTP" },
  });
  return count;
}

export async function deliveryReport(db: Db, digestId: string) {
  return db.digestDelivery.findMany({
    where: { digestId },
    select: { state: true, attempts: true, lastError: true, subscriber: { select: { email: true } } },
    orderBy: { subscriber: { email: "asc" } },
  });
}

export class SenderBusyError extends Error {
  constructor(week: string) {
    super(`another sender is already sending the digest of ${week}`);
    this.name = "SenderBusyError";
  }
}

/**
 * Runs `send` while holding a Postgres advisory lock for this digest on a connection of its own. The lock dies
 * with the process, so a sender that finds it free knows every row in `sending` belongs to a dead sender.
 */
export async function withSenderLock<T>(
  url: string,
  digestId: string,
  week: string,
  send: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const key = `silkwire-digest-send:${digestId}`;
    const { rows } = await client.query("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [key]);
    if (!rows[0].locked) throw new SenderBusyError(week);
    return await send();
  } finally {
    await client.end();
  }
}
