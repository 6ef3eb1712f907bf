// The one error type the fetcher throws. The job queue decides from `retryable` whether a retry can help.

export type FetchErrorKind =
  "timeout" | "too-large" | "blocked-address" | "too-many-redirects" | "http" | "network" | "decompression" | "bad-url";

export interface FetchErrorDetails {
  url: string;
  kind: FetchErrorKind;
  status?: number;
  /** Retry-After header of a 429 or 503 as sent; the caller reads it with its own clock (wait-headers.ts). */
  retryAfter?: string;
  cause?: unknown;
}

export class FetchError extends Error {
  readonly url: string;
  readonly kind: FetchErrorKind;
  readonly status?: number;
  readonly retryAfter?: string;
  readonly retryable: boolean;

  constructor(message: string, details: FetchErrorDetails) {
    super(message, { cause: details.cause });
    this.name = "FetchError";
    this.url = details.url;
    this.kind = details.kind;
    this.status = details.status;
    this.retryAfter = details.retryAfter;
    this.retryable = isRetryableFailure(details.kind, details.status);
  }
}

/** Whether trying the same fetch again later could succeed. Unknown errors are treated as transient. */
export function isRetryable(error: unknown): boolean {
  return error instanceof FetchError ? error.retryable : true;
}

// 408 Request Timeout and 429 Too Many Requests are the only 4xx that say "later"; 5xx are the server's trouble.
function isRetryableFailure(kind: FetchErrorKind, status: number | undefined): boolean {
  switch (kind) {
    case "timeout":
    case "network":
      return true;
    case "http":
      return status !== undefined && (status >= 500 || status === 408 || status === 429);
    default:
      return false;
  }
}
