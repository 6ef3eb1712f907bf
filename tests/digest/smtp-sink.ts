// A real SMTP server for the tests (npm smtp-server) that keeps every message it accepted, parsed with
// mailparser, and can misbehave on purpose: reject a recipient, answer 4xx, hold a message, or take a body and
// then drop the connection without answering.
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

/** What the server does with a message's body for a recipient; the default accepts it. */
export type DataBehaviour = "accept" | "drop-after-body" | "hold";

export interface SinkOptions {
  rcpt?: (address: string, attempt: number) => { code: number; message: string } | undefined;
  data?: (to: string) => DataBehaviour;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** Bodies the server read completely before dropping the connection (no reply sent). */
  droppedAfterBody: string[];
  /** Resolves when a message is being held; the server never answers it. */
  held: Promise<string>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const droppedAfterBody: string[] = [];
  const rcptAttempts = new Map<string, number>();
  let onHeld: (to: string) => void = () => {};
  const held = new Promise<string>((resolve) => (onHeld = resolve));
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const attempt = (rcptAttempts.get(address.address) ?? 0) + 1;
      rcptAttempts.set(address.address, attempt);
      const refusal = options.rcpt?.(address.address, attempt);
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const to = session.envelope.rcptTo.map((r) => r.address);
        const behaviour = options.data?.(to[0]) ?? "accept";
        if (behaviour === "hold") return onHeld(to[0]);
        if (behaviour === "drop-after-body") {
          droppedAfterBody.push(to[0]);
          return socketOf(server, session)?.destroy();
        }
        received.push({ envelopeTo: to, raw, parsed: await simpleParser(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    droppedAfterBody,
    held,
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of server.connections) connection._socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function socketOf(server: SMTPServer, session: SMTPServerSession) {
  return [...server.connections].find((c) => c.session?.id === session.id)?._socket;
}
