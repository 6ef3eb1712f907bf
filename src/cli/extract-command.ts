// `silkwire extract FILE_OR_URL [--url URL]` prints one article as JSON;
// `silkwire extract --batch DIR_OR_GLOB --out FILE [--url-map FILE]` writes {"<file id>": {"articleBody", ...}}
// for many saved pages, the shape the extraction benchmark's scorer reads.
import { readFile, readdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { ExtractedArticle } from "../model.ts";
import { extractArticle } from "../parsers/article/index.ts";
import { decodeBody } from "../parsers/charset.ts";
import { createFetcher } from "../fetch/index.ts";

const PAGE_SUFFIX = /\.html?(\.gz)?$/i;

interface ExtractArgs {
  target?: string;
  url?: string;
  batch?: string;
  out?: string;
  urlMap?: string;
}

export async function runExtractCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    process.stderr.write(`silkwire extract: ${parsed}\n${USAGE}`);
    return 2;
  }
  if (parsed.batch) return runBatch(parsed.batch, parsed.out!, parsed.urlMap);
  return runSingle(parsed.target!, parsed.url);
}

const USAGE =
  "usage: silkwire extract FILE_OR_URL [--url URL]\n" +
  "       silkwire extract --batch DIR_OR_GLOB --out FILE [--url-map GROUND_TRUTH.json]\n";

function parseArgs(args: string[]): ExtractArgs | string {
  const parsed: ExtractArgs = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === "--url" || arg === "--batch" || arg === "--out" || arg === "--url-map") {
      if (value === undefined) return `${arg} needs a value`;
      const key = arg === "--url-map" ? "urlMap" : (arg.slice(2) as "url" | "batch" | "out");
      parsed[key] = value;
      i++;
    } else if (arg.startsWith("--")) return `unknown option ${arg}`;
    else if (parsed.target) return `unexpected argument ${arg}`;
    else parsed.target = arg;
  }
  if (parsed.batch && !parsed.out) return "--batch needs --out FILE";
  if (!parsed.batch && !parsed.target) return "give a file or URL";
  return parsed;
}

async function runSingle(target: string, pageUrl: string | undefined): Promise<number> {
  try {
    const page = /^https?:\/\//i.test(target) ? await fetchPage(target) : await readPage(target);
    const article = extractArticle(page.html, pageUrl ?? page.url, { contentType: page.contentType });
    process.stdout.write(JSON.stringify(publicFields(article), null, 2) + "\n");
    return 0;
  } catch (error) {
    process.stderr.write(`silkwire extract: ${target}: ${(error as Error).message}\n`);
    return 1;
  }
}

interface Page {
  html: string;
  url: string;
  contentType?: string;
}

// Through the pipeline's own fetcher: the same timeouts, size cap and private-address guard as polling.
async function fetchPage(url: string): Promise<Page> {
  const allowPrivateNetworks = process.env.SILKWIRE_ALLOW_PRIVATE_NETWORKS?.trim().toLowerCase() === "true";
  const fetcher = createFetcher({ allowPrivateNetworks, perHostDelayMs: 0 });
  try {
    const response = await fetcher.fetch({ url, accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5" });
    return {
      html: decodeBody(response.body, response.contentType).text,
      url: response.url,
      contentType: response.contentType,
    };
  } finally {
    await fetcher.close();
  }
}

async function readPage(path: string): Promise<Page> {
  const raw = new Uint8Array(await readFile(path));
  const bytes = path.toLowerCase().endsWith(".gz") ? new Uint8Array(gunzipSync(raw)) : raw;
  return { html: decodeBody(bytes).text, url: "" };
}

// Every field is printed, null when the page did not give it, so scripts can rely on the shape.
function publicFields(article: ExtractedArticle): Record<string, unknown> {
  const { title, byline, publishedAt, modifiedAt, lang, siteName, canonicalUrl, image, text, html, status } = article;
  const fields = { title, byline, publishedAt, modifiedAt, lang, siteName, canonicalUrl, image, text, html, status };
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value ?? null]));
}

async function runBatch(pattern: string, outPath: string, urlMapPath: string | undefined): Promise<number> {
  const files = await listPages(pattern);
  const urls = urlMapPath ? await readUrlMap(urlMapPath) : new Map<string, string>();
  const output: Record<string, Record<string, unknown>> = {};
  let failures = 0;
  for (const file of files) {
    const id = basename(file).replace(PAGE_SUFFIX, "");
    try {
      const page = await readPage(file);
      const started = performance.now();
      const article = extractArticle(page.html, urls.get(id) ?? "");
      const ms = performance.now() - started;
      output[id] = { articleBody: article.text, ...publicFields(article), extractMs: Math.round(ms * 100) / 100 };
    } catch (error) {
      failures++;
      process.stderr.write(`silkwire extract: ${file}: ${(error as Error).message}\n`);
    }
  }
  await writeFile(outPath, JSON.stringify(output));
  process.stderr.write(`extracted ${files.length - failures} of ${files.length} pages into ${outPath}\n`);
  return failures > 0 ? 1 : 0;
}

/** A directory, or a path whose last part is a simple glob such as `pages/*.html.gz`. */
async function listPages(pattern: string): Promise<string[]> {
  const isDir = await stat(pattern).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const dir = isDir ? pattern : dirname(pattern);
  const matcher = isDir ? PAGE_SUFFIX : globToRegExp(basename(pattern));
  const names = await readdir(dir);
  return names
    .filter((name) => matcher.test(name) && PAGE_SUFFIX.test(name))
    .sort()
    .map((name) => join(dir, name));
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

// Ground-truth files carry each page's URL; links and metadata resolve against it when given.
async function readUrlMap(path: string): Promise<Map<string, string>> {
  const data = JSON.parse(await readFile(path, "utf8")) as Record<string, { url?: string }>;
  return new Map(
    Object.entries(data).flatMap(([id, entry]) => (entry.url ? [[id, entry.url] as [string, string]] : [])),
  );
}
