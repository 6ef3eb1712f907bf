import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadSourcesConfig } from "../config/sources.ts";
import { configDir, sourcesFilePath, taxonomyPath } from "../config/paths.ts";
import { loadFeedsConfig, topicLabel, type FeedsConfig } from "../config/feeds.ts";
import { loadTaxonomyFile } from "../config/taxonomy-file.ts";
import type { Db } from "../store/client.ts";
import type { PublishContext } from "../feeds/build-feeds.ts";

const SHIPPED_CONFIG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../config");

export interface WebSettings {
  host: string;
  port: number;
  /** Absolute base of every link we write, without a trailing slash. */
  publicUrl: string;
  /** Where `feeds build` writes and the web server looks for built feeds. */
  publicDir: string;
}

export function webSettings(env: NodeJS.ProcessEnv = process.env): WebSettings {
  const port = Number(env.PORT?.trim() || 8080);
  const host = env.HOST?.trim() || "0.0.0.0";
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, "");
  return { host, port, publicUrl, publicDir: path.resolve(env.SILKWIRE_PUBLIC_DIR?.trim() || "public") };
}

/** feeds.yaml from the config directory, or the one shipped with Silkwire when the directory has none. */
export function feedsPath(env: NodeJS.ProcessEnv = process.env): string {
  const own = path.join(configDir(env), "feeds.yaml");
  return existsSync(own) ? own : path.join(SHIPPED_CONFIG, "feeds.yaml");
}

/** feeds.yaml checked against the taxonomy and sources.yaml, with display names for categories. */
export function loadPublishing(env: NodeJS.ProcessEnv = process.env): {
  config: FeedsConfig;
  labels: Record<string, string>;
} {
  const taxonomy = loadTaxonomyFile(taxonomyPath(env));
  const sources = existsSync(sourcesFilePath(env))
    ? loadSourcesConfig(sourcesFilePath(env), env).sources.map((s) => s.id)
    : undefined;
  const topics = taxonomy.topics.map((t) => t.id);
  const config = loadFeedsConfig(feedsPath(env), { topics, countries: taxonomy.countries, sources });
  const labels = Object.fromEntries([
    ...topics.map((id) => [id, topicLabel(id)]),
    ...taxonomy.countries.map((c) => [c.code, c.name]),
  ]);
  return { config, labels };
}

export function publishContext(db: Db, env: NodeJS.ProcessEnv = process.env): PublishContext {
  return { db, ...loadPublishing(env), publicUrl: webSettings(env).publicUrl };
}
