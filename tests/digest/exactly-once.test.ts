// Exactly once across failures: a sender SIGKILLed in the middle of a batch and started again, and an SMTP server
// that takes a message's body and then drops the connection without answering. Nobody gets the digest twice;
// the one message whose fate is unknown is reported as uncertain instead of being sent again.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, PROJECT_ROOT, runCli, type TestDatabase } from "../helpers/services.ts";
import { seedSources, seedStory, WEEK_STORIES } from "./digest-fixtures.ts";
import { startSmtpSink, type DataBehaviour, type SmtpSink } from "./smtp-sink.ts";

const READERS = Array.from({ length: 12 }, (_, i) => `reader${String(i + 1).padStart(2, "0")}@reader.test`);

let database: TestDatabase;
let configDir: string;
let sink: SmtpSink | undefined;

beforeEach(async () => {
  database = await createTestDatabase();
  await seedSources(database.db);
  for (const story of WEEK_STORIES) await seedStory(database.db, story);
  configDir = mkdtempSync(path.join(tmpdir(), "silkwire-digest-"));
  const subscribers = READERS.map((email) => `  - email: ${email}`).join("\n");
  writeFileSync(path.join(configDir, "subscribers.yaml"), `digest:\n  rateLimit: 50\nsubscribers:\n${subscribers}\n`);
}, 60_000);

afterEach(async () => {
  await sink?.close();
  await database.drop();
  rmSync(configDir, { recursive: true, force: true });
});

function envFor(smtpUrl: string): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    SILKWIRE_CONFIG_DIR: configDir,
    SILKWIRE_PUBLIC_DIR: path.join(configDir, "public"),
    SMTP_URL: smtpUrl,
    PUBLIC_URL: "https://silkwire.test",
    SILKWIRE_DIGEST_SECRET: "secret",
  };
}

async function deliveryStates(): Promise<Record<string, string>> {
  const rows = await database.db.digestDelivery.findMany({ select: { state: true, subscriber: true } });
  return Object.fromEntries(rows.map((r) => [r.subscriber.email, r.state]));
}

function messageIds(): string[] {
  return sink!.received.map((m) => String(m.parsed.messageId));
}

describe("digest delivery, exactly once", () => {
  it("a sender killed mid-batch and restarted sends nobody the digest twice and reports the one in flight", async () => {
    let bodies = 0;
    const holdFifth = (): DataBehaviour => (++bodies === 5 ? "hold" : "accept");
    sink = await startSmtpSink({ data: holdFifth });
    const child = spawn(
      process.execPath,
      [path.join(PROJECT_ROOT, "src/cli/main.ts"), "digest", "send", "--week", "2025-W25"],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...envFor(sink.url) },
        stdio: "ignore",
      },
    );
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const inFlight = await sink.held; // the fifth message's body has arrived; the server has not answered it
    child.kill("SIGKILL");
    await exited;
    expect(sink.received).toHaveLength(4);
    expect((await deliveryStates())[inFlight]).toBe("sending");

    const restart = await runCli(["digest", "send", "--week", "2025-W25"], envFor(sink.url));
    expect(restart.stdout).toContain("11 sent, 1 uncertain");
    expect(restart.stdout).toContain(`uncertain: ${inFlight}`);
    expect(restart.stderr).toContain('left "sending" by a stopped sender are now uncertain');
    expect(new Set(messageIds()).size).toBe(messageIds().length);
    const recipients = sink.received.map((m) => m.envelopeTo[0]).sort();
    expect(recipients).toEqual(READERS.filter((r) => r !== inFlight));

    const third = await runCli(["digest", "send", "--week", "2025-W25"], envFor(sink.url));
    expect(third.stdout).toContain("11 sent, 1 uncertain");
    expect(sink.received).toHaveLength(11);
  }, 90_000);

  it("a server that takes the body and drops the connection leaves that message uncertain, not sent twice", async () => {
    const victim = READERS[2];
    let dropped = false;
    sink = await startSmtpSink({
      data: (to) => (to === victim && !dropped ? ((dropped = true), "drop-after-body") : "accept"),
    });
    const first = await runCli(["digest", "send", "--week", "2025-W25"], envFor(sink.url));
    expect(first.stdout).toContain("11 sent, 1 uncertain");
    expect(first.stdout).toContain(`uncertain: ${victim}`);
    expect(sink.droppedAfterBody).toEqual([victim]);

    const again = await runCli(["digest", "send", "--week", "2025-W25"], envFor(sink.url));
    expect(again.stdout).toContain("11 sent, 1 uncertain");
    expect(sink.droppedAfterBody).toEqual([victim]);
    expect(sink.received.map((m) => m.envelopeTo[0])).not.toContain(victim);
    expect(sink.received).toHaveLength(11);
    expect((await deliveryStates())[victim]).toBe("uncertain");
  }, 90_000);
});
