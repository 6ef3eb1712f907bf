// The digest's orchestration, shared by `silkwire digest` and the weekly scheduled job: read the config, sync
// the configured subscribers, build (or keep) the week's digest, write the archive files, send.
import path from "node:path";
import { loadSubscribersConfig, subscribersFilePath, type SubscribersConfig } from "../config/subscribers.ts";
import { loadTaxonomyFile } from "../config/taxonomy-file.ts";
import type { SiteLinks } from "../digest/links.ts";
import type { DigestInput } from "../digest/types.ts";
import { weekRange, type IsoWeek } from "../digest/week.ts";
import type { Db } from "../store/client.ts";
import { syncConfigSubscribers } from "../store/subscribers-store.ts";
import { buildWeekDigest, taxonomyNames, writeDigestFiles, type BuildResult } from "./build-digest.ts";
import { sendDigest, type SendSummary } from "./send-digest.ts";
import { openSmtp } from "./smtp.ts";

export interface DigestEnvironment {
  smtpUrl?: string;
  site: SiteLinks;
  secret?: string;
  publicDir: string;
}

export function digestEnvironment(env: NodeJS.ProcessEnv = process.env): DigestEnvironment {
  const port = env.PORT?.trim() || "8080";
  return {
    smtpUrl: env.SMTP_URL?.trim() || undefined,
    site: { publicUrl: (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, "") },
    secret: env.SILKWIRE_DIGEST_SECRET?.trim() || undefined,
    publicDir: path.resolve(env.SILKWIRE_PUBLIC_DIR?.trim() || "public"),
  };
}

export interface DigestContext {
  db: Db;
  databaseUrl: string;
  config: SubscribersConfig;
  names: Pick<DigestInput, "topicNames" | "countryNames">;
  environment: DigestEnvironment;
}

export class DigestSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DigestSetupError";
  }
}

export function loadDigestContext(
  db: Db,
  databaseUrl: string,
  taxonomyFile: string,
  env: NodeJS.ProcessEnv = process.env,
): DigestContext {
  const taxonomy = loadTaxonomyFile(taxonomyFile);
  const known = {
    topics: new Set(taxonomy.topics.map((t) => t.id)),
    countries: new Set(taxonomy.countries.map((c) => c.code)),
  };
  const config = loadSubscribersConfig(subscribersFilePath(env), known);
  return { db, databaseUrl, config, names: taxonomyNames(taxonomy), environment: digestEnvironment(env) };
}

export async function prepareWeek(
  ctx: DigestContext,
  week: IsoWeek,
): Promise<BuildResult & { files: { html: string; text: string } }> {
  await syncConfigSubscribers(ctx.db, ctx.config.subscribers);
  const range = weekRange(week, ctx.config.digest.timeZone);
  const result = await buildWeekDigest(ctx.db, range, ctx.names, ctx.environment.site);
  return { ...result, files: writeDigestFiles(ctx.environment.publicDir, result.digest) };
}

export async function sendWeek(
  ctx: DigestContext,
  week: IsoWeek,
  options: { only?: string; log: (line: string) => void; onProgress?: (done: number, total: number) => void },
): Promise<SendSummary> {
  const { smtpUrl, secret, site } = ctx.environment;
  if (!smtpUrl) throw new DigestSetupError("SMTP_URL is not set (e.g. smtp://127.0.0.1:25)");
  if (!secret) throw new DigestSetupError("SILKWIRE_DIGEST_SECRET is not set: it signs the unsubscribe links");
  const { digest } = await prepareWeek(ctx, week);
  const transport = openSmtp({ url: smtpUrl, rateLimit: ctx.config.digest.rateLimit });
  try {
    const deps = {
      db: ctx.db,
      databaseUrl: ctx.databaseUrl,
      transport,
      settings: ctx.config.digest,
      site,
      secret,
      log: options.log,
      onProgress: options.onProgress,
    };
    return await sendDigest(deps, digest, options.only);
  } finally {
    transport.close();
  }
}
