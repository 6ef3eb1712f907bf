// config/subscribers.yaml: the digest's settings and its subscribers, validated like sources.yaml (every problem
// at once, as file:line). Topic and country ids must exist in taxonomy.yaml.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isValidEmail, normalizeEmail } from "./email-address.ts";
import { ConfigError, ConfigErrors } from "./errors.ts";
import { configDir } from "./paths.ts";
import { parseInterval } from "./interval.ts";
import { parseLocatedYaml, type LocatedYaml } from "./yaml-positions.ts";

export interface DigestSettings {
  timeZone: string;
  /** Cron pattern in `timeZone`; Monday 07:00 by default. */
  schedule: string;
  /** "Name <address>" or an address. */
  from: string;
  /** Messages per second handed to the SMTP server. */
  rateLimit: number;
  maxAttempts: number;
  retryDelayMs: number;
}

export interface SubscriberConfig {
  email: string;
  name?: string;
  topics: string[];
  countries: string[];
  line: number;
}

export interface SubscribersConfig {
  file: string;
  digest: DigestSettings;
  subscribers: SubscriberConfig[];
}

export interface KnownIds {
  topics: ReadonlySet<string>;
  countries: ReadonlySet<string>;
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false; // Intl throws a RangeError for a zone it does not know
  }
}

const noLineBreaks = (what: string) => z.string().refine((s) => !/[\r\n]/.test(s), `${what} must be one line`);

const digestSchema = z.strictObject({
  timeZone: z.string().refine(isValidTimeZone, "unknown time zone").default("Asia/Almaty"),
  schedule: z
    .string()
    .regex(/^\S+( \S+){4,5}$/, "a cron pattern like '0 7 * * 1'")
    .default("0 7 * * 1"),
  from: noLineBreaks("from").default("Silkwire <digest@localhost.localdomain>"),
  rateLimit: z.number().positive().default(5),
  maxAttempts: z.number().int().min(1).default(4),
  retryDelay: z
    .string()
    .refine((s) => parseInterval(s) !== undefined, "an interval like 30s or 5m")
    .default("30s"),
});

const subscriberSchema = z.strictObject({
  email: z.string().refine(isValidEmail, "not a valid e-mail address (plain address, no name or spaces)"),
  name: noLineBreaks("name").optional(),
  topics: z.array(z.string()).default([]),
  countries: z.array(z.string()).default([]),
});

const fileSchema = z.strictObject({
  digest: digestSchema.default(digestSchema.parse({})),
  subscribers: z.array(z.unknown()).nullable().default([]),
});

export function subscribersFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), "subscribers.yaml");
}

/** A missing file means no subscribers from config and default settings; a broken one is an error. */
export function loadSubscribersConfig(file: string, known: KnownIds): SubscribersConfig {
  return parseSubscribersConfig(existsSync(file) ? readFileSync(file, "utf8") : "", file, known);
}

export function parseSubscribersConfig(text: string, file: string, known: KnownIds): SubscribersConfig {
  const yaml = parseLocatedYaml(text);
  if (yaml.syntaxErrors.length)
    throw new ConfigErrors(yaml.syntaxErrors.map(([line, message]) => new ConfigError(file, line, message)));
  const top = fileSchema.safeParse(yaml.value ?? {});
  if (!top.success) throw new ConfigErrors(issuesToErrors(top.error.issues, file, yaml, []));
  const problems: ConfigError[] = [];
  const subscribers: SubscriberConfig[] = [];
  const seen = new Map<string, number>();
  (top.data.subscribers ?? []).forEach((raw, index) => {
    const at = ["subscribers", index];
    const parsed = subscriberSchema.safeParse(raw);
    if (!parsed.success) return problems.push(...issuesToErrors(parsed.error.issues, file, yaml, at));
    const line = yaml.lineOf(at) ?? 0;
    const email = normalizeEmail(parsed.data.email);
    const unknown = [
      ...parsed.data.topics.filter((t) => !known.topics.has(t)).map((t) => ["topics", `unknown topic "${t}"`]),
      ...parsed.data.countries
        .filter((c) => !known.countries.has(c))
        .map((c) => ["countries", `unknown country "${c}"`]),
    ];
    for (const [key, message] of unknown) problems.push(new ConfigError(file, yaml.lineOf([...at, key]), message));
    if (seen.has(email))
      problems.push(new ConfigError(file, line, `${email} is listed twice (line ${seen.get(email)})`));
    seen.set(email, line);
    subscribers.push({ ...parsed.data, email, line });
  });
  if (problems.length) throw new ConfigErrors(problems);
  const { retryDelay, ...digest } = top.data.digest;
  return { file, digest: { ...digest, retryDelayMs: parseInterval(retryDelay)! }, subscribers };
}

function issuesToErrors(issues: z.core.$ZodIssue[], file: string, yaml: LocatedYaml, prefix: PropertyKey[]) {
  return issues.flatMap((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    return keys.map((key) => {
      const where = [...issue.path, ...(key === undefined ? [] : [key])];
      const message =
        key !== undefined ? `unknown key "${key}"` : `${[...prefix, ...where].join(".")}: ${issue.message}`;
      return new ConfigError(file, yaml.lineOf([...prefix, ...where]), message);
    });
  });
}
