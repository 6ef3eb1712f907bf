// What publishing needs from the environment and the configuration: where to write, which base URL links use,
// and feeds.yaml checked against the taxonomy and the sources, with display names for categories.
import { existsSync } from "node:fs";
import path from "node:path";
import { loadSourcesConfig } from "../config/sources.ts";
import { feedsPath, sourcesFilePath, taxonomyPath } from "../config/paths.ts";
import { loadFeedsConfig, topicLabel, type FeedsConfig } from "../config/feeds.ts";
import { loadTaxonomyFile } from "../config/taxonomy-file.ts";
import type { Taxonomy } from "../config/taxonomy.ts";
import type { Db } from "../store/client.ts";
import type { PublishContext } from "./build-feeds.ts";

export interface WebSettings {
  host: string;
  port: number;
  /** Absolute base of every link we write, without a trailing slash. */
  publicUrl: string;
  /** Where `feeds build` and the workers write, and where the web server looks for built feeds. */
  publicDir: string;
}

export function webSettings(env: NodeJS.ProcessEnv = process.env): WebSettings {
  const port = Number(env.PORT?.trim() || 8080);
  const host = env.HOST?.trim() || "0.0.0.0";
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, "");
  return { host, port, publicUrl, publicDir: path.resolve(env.SILKWIRE_PUBLIC_DIR?.trim() || "public") };
}

/** feeds.yaml checked against this taxonomy (and these source ids, when known), with category names. */
export function publishingFor(
  taxonomy: Taxonomy,
  sourceIds: string[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { config: FeedsConfig; labels: Record<string, string> } {
  const topics = taxonomy.topics.map((t) => t.id);
  const config = loadFeedsConfig(feedsPath(env), { topics, countries: taxonomy.countries, sources: sourceIds });
  const labels = Object.fromEntries([
    ...topics.map((id) => [id, topicLabel(id)]),
    ...taxonomy.countries.map((c) => [c.code, c.name]),
  ]);
  return { config, labels };
}

/** The same, with the taxonomy and sources read from their files (commands that run without a config snapshot). */
export function loadPublishing(env: NodeJS.ProcessEnv = process.env) {
  const sources = existsSync(sourcesFilePath(env))
    ? loadSourcesConfig(sourcesFilePath(env), env).sources.map((s) => s.id)
    : undefined;
  return publishingFor(loadTaxonomyFile(taxonomyPath(env)), sources, env);
}

export function publishContext(db: Db, env: NodeJS.ProcessEnv = process.env): PublishContext {
  return { db, ...loadPublishing(env), publicUrl: webSettings(env).publicUrl };
}
