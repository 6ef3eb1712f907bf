// Signed links for unsubscribing and confirming a subscription: the payload travels in the link and an
// HMAC-SHA256 (secret from SILKWIRE_DIGEST_SECRET) proves we made it, so no token table is needed.
import { createHmac, timingSafeEqual } from "node:crypto";

export type TokenPurpose = "unsubscribe" | "confirm";

export interface TokenPayload {
  email: string;
  topics?: string[];
  countries?: string[];
  name?: string;
  /** Seconds since the epoch; confirmation links expire, unsubscribe links never do (old emails must work). */
  issuedAt?: number;
}

const CONFIRM_LIFETIME_S = 7 * 86_400;

function mac(secret: string, purpose: TokenPurpose, body: string): Buffer {
  return createHmac("sha256", secret).update(`${purpose}\n${body}`).digest();
}

export function signToken(secret: string, purpose: TokenPurpose, payload: TokenPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(secret, purpose, body).toString("base64url")}`;
}

/** The payload when the token is ours, for this purpose, and (for confirmations) not expired. */
export function verifyToken(
  secret: string,
  purpose: TokenPurpose,
  token: string,
  now = new Date(),
): TokenPayload | undefined {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) return undefined;
  const expected = mac(secret, purpose, body);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as TokenPayload;
  if (typeof payload.email !== "string") return undefined;
  if (purpose === "confirm" && now.getTime() / 1000 - (payload.issuedAt ?? 0) > CONFIRM_LIFETIME_S) return undefined;
  return payload;
}
