// One digest message for one subscriber: both parts, the unsubscribe headers of RFC 2369 and RFC 8058, and a
// Message-ID derived from (digest, subscriber) so every attempt carries the same id and receivers can dedupe.
import { createHash } from "node:crypto";
import type { SendMailOptions } from "nodemailer";
import { domainOf } from "../config/email-address.ts";
import { headerSafe } from "../digest/plain-text.ts";
import type { RenderedDigest } from "../digest/render.ts";

export function digestMessageId(week: string, digestId: string, subscriberId: string, fromAddress: string): string {
  const hash = createHash("sha256").update(`${digestId}:${subscriberId}`).digest("hex").slice(0, 24);
  return `<digest-${week}.${hash}@${domainOf(fromAddress)}>`;
}

/** The bare address of "Name <address>" or of an address. */
export function addressOf(from: string): string {
  return /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
}

export interface DigestMailParts {
  from: string;
  to: { email: string; name?: string | null };
  rendered: RenderedDigest;
  messageId: string;
  /** https URL: GET shows a page with a button, POST (RFC 8058 one-click) unsubscribes at once. */
  unsubscribeUrl: string;
  unsubscribeMailto: string;
}

export function composeDigestMail(parts: DigestMailParts): SendMailOptions {
  const name = parts.to.name ? headerSafe(parts.to.name) : "";
  return {
    from: headerSafe(parts.from),
    to: name ? { name, address: parts.to.email } : parts.to.email,
    subject: headerSafe(parts.rendered.subject),
    messageId: parts.messageId,
    text: parts.rendered.text,
    html: parts.rendered.html,
    headers: {
      "List-Unsubscribe": `<${parts.unsubscribeUrl}>, <mailto:${parts.unsubscribeMailto}?subject=unsubscribe>`,
      // nodemailer's `list` option cannot write this header (RFC 8058), so it is set by hand.
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "Auto-Submitted": "auto-generated",
      Precedence: "bulk",
    },
  };
}
