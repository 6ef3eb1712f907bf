// `silkwire digest send` against a real SMTP server: who gets what, the headers, both parts, the links, and the
// outcomes of refusals (5xx suppresses, 4xx is retried).
import path from "node:path";
import * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyToken } from "../../src/digest/tokens.ts";
import { runCli, type TestDatabase } from "../helpers/services.ts";
import { createDigestSandbox, type DigestSandbox } from "./digest-sandbox.ts";
import { W25 } from "./digest-fixtures.ts";
import type { SmtpSink } from "./smtp-sink.ts";

const SUBSCRIBERS = `
digest:
  from: "Silkwire Digest <digest@silkwire.test>"
  retryDelay: 1s
subscribers:
  - email: everything@reader.test
    name: "Ada Reader"
  - email: energy@reader.test
    topics: [energy]
  - email: nothing@reader.test
    countries: [TJ]
  - email: rejected@reader.test
  - email: busy@reader.test
`;

let sandbox: DigestSandbox;
let database: TestDatabase;
let sink: SmtpSink;
let publicDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await createDigestSandbox(SUBSCRIBERS, {
    rcpt: (address, attempt) =>
      address === "rejected@reader.test"
        ? { code: 550, message: "5.1.1 no such mailbox" }
        : address === "busy@reader.test" && attempt === 1
          ? { code: 451, message: "4.3.0 try again later" }
          : undefined,
  });
  ({ database, sink, env } = sandbox);
  const day = (n: number) => new Date(W25.getTime() + n * 86_400_000);
  await database.db.poll.createMany({
    data: [
      { sourceId: "xinhua", startedAt: day(1), status: "ok" },
      { sourceId: "akipress", startedAt: day(1), status: "ok" },
      { sourceId: "akipress", startedAt: day(2), status: "failed" },
      { sourceId: "kazinform", startedAt: day(9), status: "failed" }, // the week after
    ],
  });
  publicDir = env.SILKWIRE_PUBLIC_DIR;
}, 60_000);

afterAll(async () => {
  await sandbox?.cleanup();
});

const mailTo = (address: string) => sink.received.filter((m) => m.envelopeTo.includes(address));

describe("digest send", () => {
  it("sends each subscriber their digest once; refusals are suppressed or retried; a second run sends nothing", async () => {
    const first = await runCli(["digest", "send", "--week", "2025-W25"], env);
    expect(first.stderr).not.toMatch(/Error:/);
    expect(first.stdout).toContain("failed: rejected@reader.test");
    expect(first.stdout).toMatch(/skipped \(nothing for them\): nothing@reader\.test/);
    // Progress on stderr, whose last line counts every message of the run (busy's retry included) as done.
    expect(
      first.stderr
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("sending:"))
        .at(-1),
    ).toBe("sending: 4/4 messages");
    expect(sink.received.map((m) => m.envelopeTo[0]).sort()).toEqual([
      "busy@reader.test",
      "energy@reader.test",
      "everything@reader.test",
    ]);
    const rejected = await database.db.subscriber.findUnique({ where: { email: "rejected@reader.test" } });
    expect(rejected?.state).toBe("suppressed");
    const busy = await database.db.digestDelivery.findFirst({ where: { subscriber: { email: "busy@reader.test" } } });
    expect(busy).toMatchObject({ state: "sent", attempts: 2 });

    const again = await runCli(["digest", "send", "--week", "2025-W25"], env);
    expect(again.stdout).toContain("3 sent");
    expect(sink.received).toHaveLength(3);
  }, 60_000);

  it("writes multipart/alternative with both parts, unsubscribe headers and a stable Message-ID", async () => {
    const [mail] = mailTo("everything@reader.test");
    const { parsed, raw } = mail;
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(raw).not.toMatch(/multipart\/digest/i);
    expect(parsed.to && "value" in parsed.to ? parsed.to.value : []).toEqual([
      { address: "everything@reader.test", name: "Ada Reader" },
    ]);
    expect(parsed.subject).toBe("Silkwire weekly: China and Central Asia, 16–22 June 2025");
    const header = (key: string) => parsed.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n[ \t]+/g, " ");
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const listUnsubscribe = String(header("list-unsubscribe"));
    const [httpsUrl, mailto] = [...listUnsubscribe.matchAll(/<([^>]+)>/g)].map((m) => m[1]);
    expect(httpsUrl).toMatch(/^https:\/\/silkwire\.test\/unsubscribe\?token=/);
    expect(mailto).toBe("mailto:digest@silkwire.test?subject=unsubscribe");
    expect(
      verifyToken(env.SILKWIRE_DIGEST_SECRET, "unsubscribe", new URL(httpsUrl).searchParams.get("token")!)?.email,
    ).toBe("everything@reader.test");
    const delivery = await database.db.digestDelivery.findFirstOrThrow({
      where: { subscriber: { email: "everything@reader.test" } },
    });
    expect(parsed.messageId).toBe(delivery.messageId);
    expect(parsed.messageId).toMatch(/^<digest-2025-W25\.[0-9a-f]{24}@silkwire\.test>$/);

    expect(parsed.text).toContain("TOP STORIES");
    expect(parsed.text).toContain("Leaders of China and the five Central Asian states met in Astana on Tuesday.");
    expect(parsed.text).toContain("View in browser: https://silkwire.test/digests/2025-W25.html");
    expect(parsed.text).toContain(
      "THE WEEK IN NUMBERS\n- articles read: 6\n- stories: 3\n- sources polled: 2\n- sources failing: 1",
    );
    const $ = cheerio.load(String(parsed.html));
    const links = $("a")
      .map((_, a) => ({ text: $(a).text(), href: $(a).attr("href") }))
      .get();
    expect(links).toContainEqual({ text: "View in browser", href: "https://silkwire.test/digests/2025-W25.html" });
    expect(links).toContainEqual({ text: "Astana Times", href: "https://astana-times.example/summit" });
    expect(links).toContainEqual({ text: "Xinhua", href: "https://xinhua.example/summit" });
    expect(links.find((l) => l.text === "Unsubscribe")?.href).toBe(httpsUrl);
    expect(
      $("h2")
        .map((_, h) => $(h).text())
        .get(),
    ).toEqual(["Top stories", "By country", "The week in numbers"]);
  });

  it("gives a reader who chose a topic only that topic's stories", () => {
    const [mail] = mailTo("energy@reader.test");
    expect(mail.parsed.text).toContain("Turkmenistan raises gas exports to China");
    expect(mail.parsed.text).not.toContain("railway");
    expect(mail.parsed.text).not.toContain("summit");
  });

  it("builds the archive copy without personal links and prints its paths", async () => {
    const built = await runCli(["digest", "build", "--week", "2025-W25"], env);
    expect(built.code).toBe(0);
    const [htmlPath, textPath] = built.stdout.trim().split("\n");
    expect(htmlPath).toBe(path.join(publicDir, "digests", "2025-W25.html"));
    expect(textPath).toBe(path.join(publicDir, "digests", "2025-W25.txt"));
    const { readFileSync } = await import("node:fs");
    const html = readFileSync(htmlPath, "utf8");
    expect(html).not.toContain("token=");
    expect(html).toContain("Xi and Tokayev open the China–Central Asia summit in Astana");
    expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);
  });
});
