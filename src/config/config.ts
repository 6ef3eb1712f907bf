// The whole configuration (sources.yaml and taxonomy.yaml), validated together so one run reports every problem
// of both files, and versioned so processes can tell whether they run on the latest one.
import { createHash } from "node:crypto";
import { ConfigError, ConfigErrors } from "./errors.ts";
import { sourcesFilePath, taxonomyPath } from "./paths.ts";
import { loadSourcesConfig, type SourcesConfig } from "./sources.ts";
import { loadTaxonomyFile } from "./taxonomy-file.ts";
import type { Taxonomy } from "./taxonomy.ts";

export interface Config extends SourcesConfig {
  /** A hash of everything else here: equal versions mean equal configurations. */
  version: string;
  taxonomyFile: string;
  taxonomy: Taxonomy;
}

/** Reads and validates both files; throws ConfigErrors listing every problem of either with its file and line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: ConfigError[] = [];
  const collect = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigErrors)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const sources = collect(() => loadSourcesConfig(sourcesFilePath(env), env));
  const taxonomyFile = taxonomyPath(env);
  const taxonomy = collect(() => loadTaxonomyFile(taxonomyFile));
  if (!sources || !taxonomy) throw new ConfigErrors(problems);
  return withVersion({ ...sources, taxonomyFile, taxonomy });
}

export function withVersion(config: Omit<Config, "version">): Config {
  const { version: _ignored, ...rest } = config as Config;
  const version = createHash("sha256").update(JSON.stringify(rest)).digest("hex").slice(0, 16);
  return { ...rest, version };
}
