// The only place Silkwire talks to the network. Every source is untrusted, so each fetch has a connect timeout,
// one deadline covering headers, body and redirects, a cap on the decompressed size, manually followed redirects,
// the private-address guard on every connection, and per-host politeness.
import { Agent } from "undici";
import type { Dispatcher } from "undici";
import { ipLiteralOf, isBlockedAddress } from "./address-guard.ts";
import { FetchError } from "./fetch-error.ts";
import { createGuardedConnector } from "./guarded-connector.ts";
import type { AddressPredicate } from "./guarded-connector.ts";
import { createHostLimiter } from "./host-limiter.ts";
import type { HostLimiter } from "./host-limiter.ts";
import { readBody } from "./read-body.ts";
import { toFetchError } from "./to-fetch-error.ts";

export interface FetchRequest {
  url: string;
  /** ETag from the previous successful fetch, sent as If-None-Match. */
  etag?: string | null;
  /** Last-Modified from the previous successful fetch, sent as If-Modified-Since. */
  lastModified?: string | null;
  accept?: string;
}

export interface FetchResult {
  /** Final URL after redirects. */
  url: string;
  status: number;
  /** True for 304: the body is empty and the caller keeps what it has. */
  notModified: boolean;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** Decompressed body; empty when notModified. */
  body: Uint8Array;
  /** Cache-Control header, for its max-age (see wait-headers.ts). */
  cacheControl?: string;
}

export interface FetcherOptions {
  userAgent: string;
  connectTimeoutMs: number;
  /** Deadline for the whole fetch, redirects included, from the moment the first request starts. */
  totalTimeoutMs: number;
  /** Cap on the decompressed body. */
  maxBytes: number;
  maxRedirects: number;
  /** Only for tests and trusted setups: lets fetches reach loopback and private addresses. */
  allowPrivateNetworks: boolean;
  perHostConcurrency: number;
  perHostDelayMs: number;
}

export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
  close(): Promise<void>;
}

export const DEFAULT_FETCHER_OPTIONS: FetcherOptions = {
  userAgent: "Silkwire/0.1 (+https://github.com/silkwire/silkwire; news aggregator)",
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivateNetworks: false,
  perHostConcurrency: 2,
  perHostDelayMs: 1_000,
};

const DEFAULT_ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, " +
  "text/html;q=0.8, */*;q=0.5";
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Seams for tests only: production code never passes these. */
export interface FetcherTestHooks {
  /** Replaces the private-address rule, so the guard can be exercised against servers on loopback. */
  isBlockedAddress?: AddressPredicate;
}

interface FetchContext {
  options: FetcherOptions;
  isBlocked: AddressPredicate;
  agent: Agent;
  limiter: HostLimiter;
}

export function createFetcher(overrides: Partial<FetcherOptions> = {}, hooks: FetcherTestHooks = {}): Fetcher {
  const options = { ...DEFAULT_FETCHER_OPTIONS, ...overrides };
  const isBlocked = hooks.isBlockedAddress ?? isBlockedAddress;
  const agent = new Agent({
    connect: createGuardedConnector({ ...options, isBlocked }),
    // undici's own timeouts default to minutes; the deadline below is the real limit, these are a backstop.
    headersTimeout: options.totalTimeoutMs,
    bodyTimeout: options.totalTimeoutMs,
  });
  const limiter = createHostLimiter({ concurrency: options.perHostConcurrency, minIntervalMs: options.perHostDelayMs });
  const context: FetchContext = { options, isBlocked, agent, limiter };
  return {
    fetch: (request) => fetchFollowingRedirects(request, context),
    close: () => agent.close(),
  };
}

async function fetchFollowingRedirects(request: FetchRequest, context: FetchContext): Promise<FetchResult> {
  const deadline = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The deadline starts with the first request, not while waiting politely for a slot on a busy host.
  const startDeadline = () => {
    timer ??= setTimeout(() => deadline.abort(), context.options.totalTimeoutMs);
  };
  let url = request.url;
  try {
    let target = parseHttpUrl(url, request.url);
    for (let redirects = 0; ; redirects++) {
      url = target.href;
      const hop = target;
      const outcome = await context.limiter.run(hop.host, () => {
        startDeadline();
        return fetchOnce(hop, request, context, deadline.signal);
      });
      if ("result" in outcome) return outcome.result;
      if (redirects >= context.options.maxRedirects) {
        throw new FetchError(`more than ${context.options.maxRedirects} redirects fetching ${request.url}`, {
          url,
          kind: "too-many-redirects",
        });
      }
      target = parseHttpUrl(outcome.location, request.url, hop);
    }
  } catch (error) {
    throw toFetchError(error, url, deadline.signal.aborted ? context.options.totalTimeoutMs : undefined);
  } finally {
    clearTimeout(timer);
  }
}

type HopOutcome = { result: FetchResult } | { location: string };

async function fetchOnce(
  url: URL,
  request: FetchRequest,
  context: FetchContext,
  signal: AbortSignal,
): Promise<HopOutcome> {
  assertAllowedLiteral(url, context);
  const response = await context.agent.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: "GET",
    headers: requestHeaders(request, context.options),
    signal,
  });
  try {
    return await handleResponse(url, request, response, context.options);
  } catch (error) {
    response.body.destroy();
    throw error;
  }
}

async function handleResponse(
  url: URL,
  request: FetchRequest,
  response: Dispatcher.ResponseData,
  options: FetcherOptions,
): Promise<HopOutcome> {
  const { statusCode, body } = response;
  const header = (name: string) => firstHeader(response.headers, name);
  const location = header("location");
  if (REDIRECT_STATUSES.has(statusCode) && location) {
    await body.dump();
    return { location };
  }
  const meta = {
    url: url.href,
    status: statusCode,
    etag: header("etag"),
    lastModified: header("last-modified"),
    cacheControl: header("cache-control"),
  };
  if (statusCode === 304) {
    await body.dump();
    // Many servers omit the validators on 304; the ones we sent are still current, so the caller must not lose them.
    const etag = meta.etag ?? request.etag ?? undefined;
    const lastModified = meta.lastModified ?? request.lastModified ?? undefined;
    return { result: { ...meta, etag, lastModified, notModified: true, body: new Uint8Array() } };
  }
  if (statusCode < 200 || statusCode > 299) {
    await body.dump();
    throw new FetchError(`HTTP ${statusCode} fetching ${url.href}`, {
      url: url.href,
      kind: "http",
      status: statusCode,
      retryAfter: statusCode === 429 || statusCode === 503 ? header("retry-after") : undefined,
    });
  }
  const encoding = header("content-encoding");
  const declaredLength = Number(header("content-length"));
  if (!encoding && declaredLength > options.maxBytes) {
    throw new FetchError(`${url.href} declares ${declaredLength} bytes, over the ${options.maxBytes} byte cap`, {
      url: url.href,
      kind: "too-large",
    });
  }
  const bytes = await readBody(body, encoding, options.maxBytes);
  return { result: { ...meta, notModified: false, contentType: header("content-type"), body: bytes } };
}

function requestHeaders(request: FetchRequest, options: FetcherOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "user-agent": options.userAgent,
    accept: request.accept ?? DEFAULT_ACCEPT,
    "accept-encoding": "gzip, deflate, br",
  };
  if (request.etag) headers["if-none-match"] = request.etag;
  if (request.lastModified) headers["if-modified-since"] = request.lastModified;
  return headers;
}

/** Parses the requested URL, or a redirect's Location relative to the hop that sent it. */
function parseHttpUrl(text: string, requestedUrl: string, base?: URL): URL {
  const via = base ? ` (redirect from ${requestedUrl})` : "";
  let url: URL;
  try {
    url = new URL(text, base);
  } catch (error) {
    throw new FetchError(`not a valid URL: ${text}${via}`, { url: text, kind: "bad-url", cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError(`only http and https URLs can be fetched: ${url.href}${via}`, {
      url: url.href,
      kind: "bad-url",
    });
  }
  return url;
}

/** IP-literal hosts skip DNS, so the lookup guard never sees them; WHATWG URL has already normalised 0x7f.1 etc. */
function assertAllowedLiteral(url: URL, context: FetchContext): void {
  const literal = ipLiteralOf(url.hostname);
  if (context.options.allowPrivateNetworks || literal === undefined || !context.isBlocked(literal)) return;
  throw new FetchError(`refusing to fetch ${url.href}: ${literal} is a private or reserved address`, {
    url: url.href,
    kind: "blocked-address",
  });
}

function firstHeader(headers: Dispatcher.ResponseData["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
