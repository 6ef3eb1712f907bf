// The SMTP side of sending: a pooled, rate-limited nodemailer transport, and what each failure means for an
// exactly-once delivery. nodemailer reports a dropped connection the same way before and after the message body
// went out (code ECONNECTION, command CONN), so we watch the transaction log for the server's 354 ("start mail
// input"): once it was seen, the body may have reached the server and a failure is *uncertain*, not retryable.
import nodemailer from "nodemailer";
import type { SendMailOptions } from "nodemailer";

export type SendOutcome =
  | { kind: "sent"; response: string }
  /** Not delivered and worth trying again later: 4xx answers, connection failures before the body. */
  | { kind: "retry"; error: string }
  /** The server refused the recipient for good (5xx to RCPT TO): the address is suppressed. */
  | { kind: "rejected"; error: string }
  /** Refused for good, but not because of the address (5xx to MAIL FROM or to the message). */
  | { kind: "failed"; error: string }
  /** The body may have been handed over before the failure: never resent blindly. */
  | { kind: "uncertain"; error: string };

export interface MailTransport {
  /** Sends one message; calls must not overlap (the 354 watch is per message). */
  send(message: SendMailOptions): Promise<SendOutcome>;
  close(): void;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

export function classifySmtpError(err: SmtpError, bodyStarted: boolean): SendOutcome {
  const error = `${err.response ?? err.message}${err.command ? ` (${err.command})` : ""}`.replace(/[\r\n]+/g, " ");
  const code = err.responseCode ?? 0;
  if (code >= 500 && /^RCPT/i.test(err.command ?? "")) return { kind: "rejected", error };
  if (code >= 500) return { kind: "failed", error };
  if (code >= 400) return { kind: "retry", error };
  return bodyStarted ? { kind: "uncertain", error } : { kind: "retry", error };
}

export interface SmtpOptions {
  url: string;
  /** Messages per second. */
  rateLimit: number;
  socketTimeoutMs?: number;
}

export function openSmtp({ url, rateLimit, socketTimeoutMs = 60_000 }: SmtpOptions): MailTransport {
  let bodyStarted = false;
  const watch = (entry: { tnx?: string } | undefined, message?: unknown) => {
    if (entry?.tnx === "server" && /^354[ -]/.test(String(message ?? ""))) bodyStarted = true;
  };
  const parsed = new URL(url);
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 1,
    host: parsed.hostname,
    port: Number(parsed.port) || (parsed.protocol === "smtps:" ? 465 : 25),
    secure: parsed.protocol === "smtps:",
    auth: parsed.username
      ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
      : undefined,
    // Plain SMTP on a local relay is the common case; STARTTLS is still used when the server offers it.
    ignoreTLS: parsed.searchParams.get("tls") === "off",
    rateLimit: Math.max(1, Math.round(rateLimit)),
    rateDelta: rateLimit >= 1 ? 1000 : Math.round(1000 / rateLimit),
    socketTimeout: socketTimeoutMs,
    transactionLog: true,
    logger: { debug: watch, info: () => {}, warn: () => {}, error: () => {}, trace: () => {}, fatal: () => {} },
  });
  return {
    async send(message) {
      bodyStarted = false;
      try {
        const info = await transport.sendMail(message);
        return { kind: "sent", response: String(info.response ?? "") };
      } catch (err) {
        return classifySmtpError(err as SmtpError, bodyStarted);
      }
    },
    close: () => transport.close(),
  };
}
