import { readFileSync } from "node:fs";
import type { z } from "zod";
import type { SourceConfig } from "../model.ts";
import { ConfigError, ConfigErrors } from "./errors.ts";
import { formatInterval, parseInterval } from "./interval.ts";
import { sourcesFilePath } from "./paths.ts";
import { parseStorySettings, type StorySettings } from "./story-settings.ts";
import { parseLocatedYaml, type LocatedYaml } from "./yaml-positions.ts";
import { sourceSchema, sourcesFileSchema, type RawSource } from "./sources-schema.ts";

export interface FetchSettings {
  userAgent?: string;
  totalTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  perHostConcurrency?: number;
  perHostDelayMs?: number;
}

export interface SourcesConfig {
  file: string;
  allowPrivateNetworks: boolean;
  fetch: FetchSettings;
  stories: StorySettings;
  maxConsecutiveFailures: number;
  sources: SourceConfig[];
}

/** Bounds that are not the file's to choose. */
export interface ConfigBounds {
  /** Shortest poll interval a source may ask for. */
  minEveryMs: number;
}

// Polling a news site more than once a minute is never polite; SILKWIRE_MIN_POLL_INTERVAL lowers this for tests.
export const DEFAULT_BOUNDS: ConfigBounds = { minEveryMs: 60_000 };

export function boundsFromEnv(env: NodeJS.ProcessEnv = process.env): ConfigBounds {
  const min = env.SILKWIRE_MIN_POLL_INTERVAL?.trim();
  return { minEveryMs: (min && parseInterval(min)) || DEFAULT_BOUNDS.minEveryMs };
}

/** Reads and validates sources.yaml; throws ConfigErrors listing every problem with its line. */
export function loadSourcesConfig(
  file: string = sourcesFilePath(),
  env: NodeJS.ProcessEnv = process.env,
): SourcesConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigErrors([new ConfigError(file, undefined, `cannot read: ${(err as Error).message}`)]);
  }
  const config = parseSourcesConfig(text, file, boundsFromEnv(env));
  if (env.SILKWIRE_ALLOW_PRIVATE_NETWORKS?.trim().toLowerCase() === "true") config.allowPrivateNetworks = true;
  return config;
}

export function parseSourcesConfig(text: string, file: string, bounds = DEFAULT_BOUNDS): SourcesConfig {
  const yaml = parseLocatedYaml(text);
  if (yaml.syntaxErrors.length)
    throw new ConfigErrors(yaml.syntaxErrors.map(([line, message]) => new ConfigError(file, line, message)));
  const top = sourcesFileSchema.safeParse(yaml.value ?? {});
  const problems = top.success ? [] : issuesToErrors(top.error.issues, file, yaml, []);
  // Sources are checked even when a top-level key is wrong, so one run reports every problem of the file.
  const rawSources = top.success ? top.data.sources : (yaml.value as { sources?: unknown })?.sources;
  const sources = parseSources(Array.isArray(rawSources) ? rawSources : [], { file, yaml, bounds }, problems);
  if (problems.length || !top.success) throw new ConfigErrors(problems);
  const { allowPrivateNetworks, maxConsecutiveFailures } = top.data;
  return {
    file,
    allowPrivateNetworks,
    maxConsecutiveFailures,
    fetch: toFetchSettings(top.data.fetch),
    stories: parseStorySettings(top.data.stories),
    sources,
  };
}

interface ParseContext {
  file: string;
  yaml: LocatedYaml;
  bounds: ConfigBounds;
}

function parseSources(raws: unknown[], context: ParseContext, problems: ConfigError[]): SourceConfig[] {
  const { file, yaml, bounds } = context;
  const sources: SourceConfig[] = [];
  const seen = new Map<string, number>();
  raws.forEach((raw, index) => {
    const at = ["sources", index];
    const rawId = typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : undefined;
    const parsed = sourceSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...issuesToErrors(parsed.error.issues, file, yaml, at, rawId ?? `#${index + 1}`));
      return;
    }
    const line = yaml.lineOf(at) ?? 0;
    const firstLine = seen.get(parsed.data.id);
    if (firstLine !== undefined) {
      const message = `duplicate id (first defined on line ${firstLine})`;
      problems.push(new ConfigError(file, yaml.lineOf([...at, "id"]), message, parsed.data.id));
      return;
    }
    seen.set(parsed.data.id, line);
    const source = toSourceConfig(parsed.data, line);
    if (source.everyMs < bounds.minEveryMs) {
      const message = `every: must be at least ${formatInterval(bounds.minEveryMs)}`;
      problems.push(new ConfigError(file, yaml.lineOf([...at, "every"]), message, source.id));
      return;
    }
    sources.push(source);
  });
  return sources;
}

function toFetchSettings(raw: z.infer<typeof sourcesFileSchema>["fetch"]): FetchSettings {
  const delay = raw.perHostDelay ? /^(\d+)(ms|s)$/.exec(raw.perHostDelay) : null;
  return {
    userAgent: raw.userAgent,
    totalTimeoutMs: raw.timeout ? parseInterval(raw.timeout) : undefined,
    connectTimeoutMs: raw.connectTimeout ? parseInterval(raw.connectTimeout) : undefined,
    maxBytes: raw.maxBytes,
    maxRedirects: raw.maxRedirects,
    perHostConcurrency: raw.perHostConcurrency,
    perHostDelayMs: delay ? Number(delay[1]) * (delay[2] === "s" ? 1000 : 1) : undefined,
  };
}

function toSourceConfig(raw: RawSource, line: number): SourceConfig {
  return {
    id: raw.id,
    name: raw.name,
    url: raw.url,
    type: raw.type,
    everyMs: parseInterval(raw.every)!,
    enabled: raw.enabled,
    language: raw.language,
    fullText: raw.fullText ?? raw.type === "html",
    fullTextAuto: raw.fullText === undefined,
    selectors: raw.selectors,
    include: raw.include,
    exclude: raw.exclude,
    maxItems: raw.maxItems,
    line,
  };
}

function issuesToErrors(
  issues: z.core.$ZodIssue[],
  file: string,
  yaml: LocatedYaml,
  prefix: PropertyKey[],
  sourceId?: string,
): ConfigError[] {
  return issues.flatMap((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    return keys.map((key) => {
      const at = [...prefix, ...issue.path, ...(key === undefined ? [] : [key])];
      const field = [...issue.path, ...(key === undefined ? [] : [key])].join(".");
      const message = key !== undefined ? `unknown key "${key}"` : `${field ? `${field}: ` : ""}${issue.message}`;
      return new ConfigError(file, yaml.lineOf(at), message, sourceId);
    });
  });
}
