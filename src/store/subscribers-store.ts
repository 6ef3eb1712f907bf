// Digest subscribers: synced from subscribers.yaml, added by the web form (double opt-in), and switched off by
// unsubscribing or a permanent SMTP rejection. An unsubscribed or suppressed address is never reactivated by a
// config sync; only a new, confirmed sign-up brings an unsubscribed reader back.
import type { Db } from "./client.ts";

export interface SubscriberRow {
  id: string;
  email: string;
  name: string | null;
  topics: string[];
  countries: string[];
  state: string;
}

export interface SubscriberInput {
  email: string;
  name?: string;
  topics: string[];
  countries: string[];
}

const SELECT = { id: true, email: true, name: true, topics: true, countries: true, state: true } as const;

export async function syncConfigSubscribers(db: Db, wanted: SubscriberInput[]): Promise<void> {
  for (const s of wanted) {
    const fields = { name: s.name ?? null, topics: s.topics, countries: s.countries };
    await db.subscriber.upsert({
      where: { email: s.email },
      create: { email: s.email, ...fields, origin: "config", state: "active", confirmedAt: new Date() },
      update: fields,
    });
    await db.subscriber.updateMany({ where: { email: s.email, state: "removed" }, data: { state: "active" } });
  }
  await db.subscriber.updateMany({
    where: { origin: "config", state: "active", email: { notIn: wanted.map((s) => s.email) } },
    data: { state: "removed" },
  });
}

export async function activeSubscribers(db: Db): Promise<SubscriberRow[]> {
  return db.subscriber.findMany({ where: { state: "active" }, select: SELECT, orderBy: { email: "asc" } });
}

export async function findSubscriber(db: Db, email: string): Promise<SubscriberRow | undefined> {
  return (await db.subscriber.findUnique({ where: { email }, select: SELECT })) ?? undefined;
}

/** A web sign-up waits for confirmation; an already active address keeps its state (no way to probe it). */
export async function addPendingSubscriber(db: Db, s: SubscriberInput): Promise<void> {
  const existing = await findSubscriber(db, s.email);
  if (existing && (existing.state === "active" || existing.state === "suppressed")) return;
  const fields = { name: s.name ?? null, topics: s.topics, countries: s.countries, state: "pending" as const };
  await db.subscriber.upsert({
    where: { email: s.email },
    create: { email: s.email, origin: "web", ...fields },
    update: fields,
  });
}

/** Following the signed confirmation link: the choices carried in the link become the subscription. */
export async function confirmSubscriber(db: Db, s: SubscriberInput): Promise<boolean> {
  const existing = await findSubscriber(db, s.email);
  if (existing?.state === "suppressed") return false;
  const fields = { name: s.name ?? null, topics: s.topics, countries: s.countries, state: "active" as const };
  await db.subscriber.upsert({
    where: { email: s.email },
    create: { email: s.email, origin: "web", ...fields, confirmedAt: new Date() },
    update: { ...fields, confirmedAt: new Date(), unsubscribedAt: null },
  });
  return true;
}

export async function unsubscribe(db: Db, email: string): Promise<boolean> {
  const { count } = await db.subscriber.updateMany({
    where: { email, state: { in: ["active", "pending", "removed"] } },
    data: { state: "unsubscribed", unsubscribedAt: new Date() },
  });
  return count > 0;
}

export async function suppressSubscriber(db: Db, id: string, reason: string): Promise<void> {
  await db.subscriber.update({
    where: { id },
    data: { state: "suppressed", suppressedAt: new Date(), suppressReason: reason.slice(0, 500) },
  });
}
