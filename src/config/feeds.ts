// config/feeds.yaml: which feeds are published. Validated like sources.yaml: every problem at once, file:line.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import type { FeedDefinition, TagScheme } from "../model.ts";
import { ConfigError, ConfigErrors } from "./errors.ts";
import { configDir } from "./paths.ts";
import { parseLocatedYaml, type LocatedYaml } from "./yaml-positions.ts";
import { feedSchema, feedsFileSchema, type RawFeed } from "./feeds-schema.ts";

export interface FeedsConfig {
  file: string;
  title: string;
  description: string;
  cacheMaxAgeSeconds: number;
  tag: TagScheme;
  hubUrl?: string;
  feeds: FeedDefinition[];
}

/** What feeds.yaml may refer to: taxonomy topics and countries, configured sources. */
export interface FeedVocabulary {
  topics: string[];
  countries: Array<{ code: string; name: string }>;
  /** Source ids; undefined skips the check (no sources.yaml at hand). */
  sources?: string[];
}

export function feedsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), "feeds.yaml");
}

export function loadFeedsConfig(file: string, vocabulary: FeedVocabulary): FeedsConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigErrors([new ConfigError(file, undefined, `cannot read: ${(err as Error).message}`)]);
  }
  return parseFeedsConfig(text, file, vocabulary);
}

export function parseFeedsConfig(text: string, file: string, vocabulary: FeedVocabulary): FeedsConfig {
  const yaml = parseLocatedYaml(text);
  if (yaml.syntaxErrors.length)
    throw new ConfigErrors(yaml.syntaxErrors.map(([line, message]) => new ConfigError(file, line, message)));
  const top = feedsFileSchema.safeParse(yaml.value ?? {});
  if (!top.success) throw new ConfigErrors(issuesToErrors(top.error.issues, file, yaml, []));
  const settings = top.data;
  const problems: ConfigError[] = [];
  const feeds = defaultFeeds(settings, vocabulary, file, yaml, problems);
  const taken = new Map(feeds.map((f) => [f.name, "a default feed"]));
  settings.feeds.forEach((raw, index) => {
    const at = ["feeds", index];
    const parsed = feedSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...issuesToErrors(parsed.error.issues, file, yaml, at));
      return;
    }
    const feed = parsed.data;
    const line = yaml.lineOf([...at, "name"]);
    const clash = taken.get(feed.name);
    if (clash) problems.push(new ConfigError(file, line, `feed "${feed.name}": name already used by ${clash}`));
    taken.set(feed.name, `the feed on line ${line}`);
    problems.push(...unknownReferences(feed, vocabulary, (key, i) => yaml.lineOf([...at, key, i]), file));
    feeds.push(toDefinition(feed, settings.items));
  });
  if (problems.length) throw new ConfigErrors(problems);
  return {
    file,
    title: settings.title,
    description: settings.description,
    cacheMaxAgeSeconds: settings.cacheMaxAge,
    tag: settings.tag,
    hubUrl: settings.websub?.hub,
    feeds,
  };
}

type Settings = z.infer<typeof feedsFileSchema>;

function defaultFeeds(
  settings: Settings,
  vocabulary: FeedVocabulary,
  file: string,
  yaml: LocatedYaml,
  problems: ConfigError[],
): FeedDefinition[] {
  const { defaults, items, title } = settings;
  const feeds: FeedDefinition[] = [];
  if (defaults.all) feeds.push({ name: "all", title, description: "Every relevant story", filter: {}, items });
  if (defaults.topics)
    for (const topic of vocabulary.topics)
      feeds.push({
        name: topic,
        title: `${title}: ${topicLabel(topic)}`,
        description: `Stories about ${topicLabel(topic).toLowerCase()}`,
        filter: { topics: [topic] },
        items,
      });
  const known = new Map(vocabulary.countries.map((c) => [c.code, c.name]));
  const codes =
    defaults.countries === true ? [...known.keys()] : defaults.countries === false ? [] : defaults.countries;
  codes.forEach((code, i) => {
    const name = known.get(code);
    if (!name)
      problems.push(
        new ConfigError(
          file,
          yaml.lineOf(["defaults", "countries", i]),
          `unknown country "${code}" (not in taxonomy.yaml)`,
        ),
      );
    else
      feeds.push({
        name: code.toLowerCase(),
        title: `${title}: ${name}`,
        description: `Stories about ${name}`,
        filter: { countries: [code] },
        items,
      });
  });
  return feeds;
}

/** "trade_economy" → "Trade & economy": the taxonomy's ids are the only names topics have. */
export function topicLabel(id: string): string {
  const words = id.replace(/_/g, " & ").replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function unknownReferences(
  feed: RawFeed,
  vocabulary: FeedVocabulary,
  lineOf: (key: string, index: number) => number | undefined,
  file: string,
): ConfigError[] {
  const checks: Array<[keyof RawFeed & string, string[] | undefined, string]> = [
    ["topics", vocabulary.topics, "topic (not in taxonomy.yaml)"],
    ["countries", vocabulary.countries.map((c) => c.code), "country (not in taxonomy.yaml)"],
    ["sources", vocabulary.sources, "source (not in sources.yaml)"],
  ];
  return checks.flatMap(([key, known, what]) => {
    if (!known) return [];
    return (feed[key] as string[]).flatMap((value, i) =>
      known.includes(value)
        ? []
        : [new ConfigError(file, lineOf(key, i), `feed "${feed.name}": unknown ${what}: "${value}"`)],
    );
  });
}

function toDefinition(feed: RawFeed, defaultItems: number): FeedDefinition {
  return {
    name: feed.name,
    title: feed.title,
    description: feed.description ?? feed.title,
    items: feed.items ?? defaultItems,
    filter: {
      topics: feed.topics,
      countries: feed.countries,
      sources: feed.sources,
      languages: feed.languages,
      minRelevance: feed.minRelevance,
      minOutlets: feed.minOutlets,
      keywords: feed.keywords,
      excluded: feed.exclude,
    },
  };
}

function issuesToErrors(
  issues: z.core.$ZodIssue[],
  file: string,
  yaml: LocatedYaml,
  prefix: PropertyKey[],
): ConfigError[] {
  return issues.flatMap((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    return keys.map((key) => {
      const relative = [...issue.path, ...(key === undefined ? [] : [key])];
      const field = [...prefix, ...relative].join(".");
      const message = key !== undefined ? `${field}: unknown key` : `${field}: ${issue.message}`;
      return new ConfigError(file, yaml.lineOf([...prefix, ...relative]), message);
    });
  });
}
