// Public surface of the fetch stage: what job processors import.
export { createFetcher, DEFAULT_FETCHER_OPTIONS } from "./fetcher.ts";
export type { Fetcher, FetcherOptions, FetchRequest, FetchResult } from "./fetcher.ts";
export { FetchError, isRetryable } from "./fetch-error.ts";
export type { FetchErrorKind } from "./fetch-error.ts";
export { isBlockedAddress } from "./address-guard.ts";
export { MAX_WAIT_MS, parseMaxAge, parseRetryAfter } from "./wait-headers.ts";
