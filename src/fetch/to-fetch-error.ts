// Maps whatever undici, node:net, zlib or our own stages threw onto the one FetchError the rest of Silkwire sees.
import { FetchError } from "./fetch-error.ts";
import { BlockedAddressError } from "./guarded-connector.ts";
import { BodyTooLargeError, DecompressionError } from "./read-body.ts";

const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);

/** `deadlineMs` is set when the fetch's own deadline fired: whatever broke afterwards broke because of it. */
export function toFetchError(error: unknown, url: string, deadlineMs?: number): FetchError {
  if (error instanceof FetchError) return error;
  if (deadlineMs !== undefined) {
    return new FetchError(`timed out after ${deadlineMs} ms fetching ${url}`, { url, kind: "timeout", cause: error });
  }
  const blocked = findInCauses(error, BlockedAddressError);
  if (blocked) {
    return new FetchError(`refusing to fetch ${url}: ${blocked.message}`, {
      url,
      kind: "blocked-address",
      cause: error,
    });
  }
  if (error instanceof BodyTooLargeError) {
    return new FetchError(`${url}: ${error.message}`, { url, kind: "too-large", cause: error });
  }
  if (error instanceof DecompressionError) {
    return new FetchError(`${url}: ${error.message}`, { url, kind: "decompression", cause: error });
  }
  const code = errorCode(error);
  if (code && TIMEOUT_CODES.has(code)) {
    return new FetchError(`timed out fetching ${url} (${code})`, { url, kind: "timeout", cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new FetchError(`network error fetching ${url}: ${detail}`, { url, kind: "network", cause: error });
}

function findInCauses<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof type) return current;
    if (current instanceof AggregateError) {
      const inner = current.errors.find((entry) => entry instanceof type);
      if (inner) return inner as T;
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === "string" ? code : undefined;
}
