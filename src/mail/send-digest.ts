// Sending one week's digest exactly once per subscriber. Each (digest, subscriber) has a DigestDelivery row;
// a row is claimed (state `sending`, committed) before its message is handed to SMTP, and settled after:
//   sent · retried later with backoff (4xx, no connection) · failed after maxAttempts · suppressed (5xx to the
//   recipient) · uncertain (the connection broke after the body was handed over, or a sender died holding it).
// Uncertain rows are reported and never resent automatically. A Postgres advisory lock held for the whole run
// keeps two senders apart; whoever gets it knows rows still `sending` were left by a sender that died.
import type { DigestSettings } from "../config/subscribers.ts";
import { buildDigestContent, type DigestContent } from "../digest/content.ts";
import { subscriberLinks, unsubscribeUrl, type SiteLinks } from "../digest/links.ts";
import { renderDigest } from "../digest/render.ts";
import type { Db } from "../store/client.ts";
import {
  claimNextDelivery,
  countPending,
  createDeliveries,
  deliveryReport,
  finishDelivery,
  markOrphansUncertain,
  nextRetryAt,
  withSenderLock,
} from "../store/digest-deliveries.ts";
import type { Digest } from "./build-digest.ts";
import { activeSubscribers, suppressSubscriber, type SubscriberRow } from "../store/subscribers-store.ts";
import { addressOf, composeDigestMail, digestMessageId } from "./compose.ts";
import type { MailTransport, SendOutcome } from "./smtp.ts";

export interface SendDeps {
  db: Db;
  databaseUrl: string;
  transport: MailTransport;
  settings: DigestSettings;
  site: SiteLinks;
  secret: string;
  log: (line: string) => void;
  /** Called after each attempt: messages no longer pending (sent, failed, suppressed, uncertain) of this run's. */
  onProgress?: (done: number, total: number) => void;
}

export interface Recipient {
  subscriber: SubscriberRow;
  content: DigestContent;
}

/** Active subscribers with something in this digest for them; an empty digest is not sent. */
export async function recipientsOf(
  db: Db,
  digest: Digest,
  only?: string,
): Promise<{ recipients: Recipient[]; empty: string[] }> {
  const subscribers = (await activeSubscribers(db)).filter((s) => !only || s.email === only);
  const all = subscribers.map((subscriber) => ({ subscriber, content: buildDigestContent(digest.input, subscriber) }));
  return {
    recipients: all.filter((r) => r.content.storyCount > 0),
    empty: all.filter((r) => r.content.storyCount === 0).map((r) => r.subscriber.email),
  };
}

export interface SendSummary {
  counts: Record<string, number>;
  uncertain: string[];
  failed: Array<{ email: string; error: string }>;
  empty: string[];
}

export async function sendDigest(deps: SendDeps, digest: Digest, only?: string): Promise<SendSummary> {
  const { recipients, empty } = await recipientsOf(deps.db, digest, only);
  const fromAddress = addressOf(deps.settings.from);
  return withSenderLock(deps.databaseUrl, digest.id, digest.week, async () => {
    const orphans = await markOrphansUncertain(deps.db, digest.id);
    if (orphans) deps.log(`${orphans} message(s) left "sending" by a stopped sender are now uncertain (not resent)`);
    await createDeliveries(
      deps.db,
      digest.id,
      recipients.map((r) => ({
        subscriberId: r.subscriber.id,
        messageId: digestMessageId(digest.week, digest.id, r.subscriber.id, fromAddress),
      })),
    );
    await deliverPending(deps, digest, new Map(recipients.map((r) => [r.subscriber.id, r])));
    return summarize(deps.db, digest.id, empty);
  });
}

async function deliverPending(deps: SendDeps, digest: Digest, recipients: Map<string, Recipient>): Promise<void> {
  const total = await countPending(deps.db, digest.id);
  // Done means no longer pending: a message waiting for its retry is still to do.
  const progress = async () => deps.onProgress?.(total - (await countPending(deps.db, digest.id)), total);
  for (;;) {
    const claimed = await claimNextDelivery(deps.db, digest.id);
    if (!claimed) {
      const due = await nextRetryAt(deps.db, digest.id);
      if (!due) return;
      // Others were sent meanwhile; only retries are left, so wait for the earliest one.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due.getTime() - Date.now()) + 10));
      continue;
    }
    const recipient = recipients.get(claimed.subscriberId);
    if (!recipient) {
      await finishDelivery(deps.db, claimed.id, { state: "failed", error: "no longer subscribed when its turn came" });
      await progress();
      continue;
    }
    const outcome = await deps.transport.send(messageFor(deps, digest, recipient, claimed.messageId));
    await settle(deps, claimed, recipient, outcome);
    await progress();
  }
}

function messageFor(deps: SendDeps, digest: Digest, recipient: Recipient, messageId: string) {
  const { email, name } = recipient.subscriber;
  const rendered = renderDigest(recipient.content, subscriberLinks(deps.site, deps.secret, digest.week, email));
  return composeDigestMail({
    from: deps.settings.from,
    to: { email, name },
    rendered,
    messageId,
    unsubscribeUrl: unsubscribeUrl(deps.site, deps.secret, email),
    unsubscribeMailto: addressOf(deps.settings.from),
  });
}

async function settle(
  deps: SendDeps,
  claimed: { id: string; attempts: number },
  recipient: Recipient,
  outcome: SendOutcome,
): Promise<void> {
  const email = recipient.subscriber.email;
  if (outcome.kind === "sent") return finishDelivery(deps.db, claimed.id, { state: "sent" });
  deps.log(`${email}: ${outcome.kind}: ${outcome.error}`);
  if (outcome.kind === "rejected") {
    await suppressSubscriber(deps.db, recipient.subscriber.id, outcome.error);
    return finishDelivery(deps.db, claimed.id, { state: "suppressed", error: outcome.error });
  }
  if (outcome.kind === "retry" && claimed.attempts < deps.settings.maxAttempts) {
    const retryAt = new Date(Date.now() + deps.settings.retryDelayMs * 2 ** (claimed.attempts - 1));
    return finishDelivery(deps.db, claimed.id, { state: "pending", error: outcome.error, retryAt });
  }
  const state = outcome.kind === "uncertain" ? "uncertain" : "failed";
  return finishDelivery(deps.db, claimed.id, { state, error: outcome.error });
}

async function summarize(db: Db, digestId: string, empty: string[]): Promise<SendSummary> {
  const rows = await deliveryReport(db, digestId);
  // A fixed order, so the summary line reads the same whatever order the rows were sent in.
  const counts: Record<string, number> = {};
  for (const state of ["sent", "pending", "sending", "uncertain", "failed", "suppressed"]) {
    const n = rows.filter((r) => r.state === state).length;
    if (n) counts[state] = n;
  }
  return {
    counts,
    uncertain: rows.filter((r) => r.state === "uncertain").map((r) => r.subscriber.email),
    failed: rows
      .filter((r) => r.state === "failed" || r.state === "suppressed")
      .map((r) => ({ email: r.subscriber.email, error: r.lastError ?? "" })),
    empty,
  };
}
