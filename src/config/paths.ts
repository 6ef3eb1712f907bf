// Where the configuration files are: one answer for every command, so `start`, `worker` and `classify` never
// read different taxonomies by accident.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SHIPPED_CONFIG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../config");

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.SILKWIRE_CONFIG_DIR?.trim() || "config");
}

export function sourcesFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), "sources.yaml");
}

/** taxonomy.yaml from the config directory, or the one shipped with Silkwire when the directory has none. */
export function taxonomyPath(env: NodeJS.ProcessEnv = process.env): string {
  const own = path.join(configDir(env), "taxonomy.yaml");
  return existsSync(own) ? own : path.join(SHIPPED_CONFIG, "taxonomy.yaml");
}

/** feeds.yaml from the config directory, or the one shipped with Silkwire when the directory has none. */
export function feedsPath(env: NodeJS.ProcessEnv = process.env): string {
  const own = path.join(configDir(env), "feeds.yaml");
  return existsSync(own) ? own : path.join(SHIPPED_CONFIG, "feeds.yaml");
}
