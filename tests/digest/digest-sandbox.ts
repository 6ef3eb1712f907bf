// One digest test's world: a database with the fixture week, a real SMTP server, a config directory with the
// given subscribers.yaml, and the environment `silkwire digest` needs to use them.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../helpers/services.ts";
import { seedSources, seedStory, WEEK_STORIES } from "./digest-fixtures.ts";
import { startSmtpSink, type SinkOptions, type SmtpSink } from "./smtp-sink.ts";

export const PUBLIC_URL = "https://silkwire.test";

export interface DigestSandbox {
  database: TestDatabase;
  sink: SmtpSink;
  configDir: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function createDigestSandbox(
  subscribersYaml: string,
  sinkOptions: SinkOptions = {},
): Promise<DigestSandbox> {
  const database = await createTestDatabase();
  await seedSources(database.db);
  for (const story of WEEK_STORIES) await seedStory(database.db, story);
  const sink = await startSmtpSink(sinkOptions);
  const configDir = mkdtempSync(path.join(tmpdir(), "silkwire-digest-"));
  writeFileSync(path.join(configDir, "subscribers.yaml"), subscribersYaml);
  const env = {
    DATABASE_URL: database.url,
    SILKWIRE_CONFIG_DIR: configDir,
    SILKWIRE_PUBLIC_DIR: path.join(configDir, "public"),
    SMTP_URL: sink.url,
    PUBLIC_URL,
    SILKWIRE_DIGEST_SECRET: "digest-test-secret",
  };
  return {
    database,
    sink,
    configDir,
    env,
    cleanup: async () => {
      await sink.close();
      await database.drop();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
