// What a server says about when to come back: Retry-After on 429/503 (RFC 9110 §10.2.3) and Cache-Control max-age
// (RFC 9111 §5.2.2.1). Both are honoured as "not before", and both are capped: a server that asks for a year (or
// sends a date in 2099) would otherwise switch the source off without anyone noticing.

export const MAX_WAIT_MS = 24 * 3_600_000;

/** Retry-After as milliseconds from `now`: delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return capped(Number(text) * 1000);
  const date = Date.parse(text);
  // Only the IMF-fixdate family is an HTTP-date; Date.parse also accepts "2", which no server means as a date.
  if (Number.isNaN(date) || !/[a-z]{3}/i.test(text)) return undefined;
  return capped(date - now.getTime());
}

/** Cache-Control max-age in milliseconds; undefined when absent. `no-store`/`no-cache` do not make us poll faster. */
export function parseMaxAge(cacheControl: string | undefined): number | undefined {
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl ?? "");
  return match ? capped(Number(match[1]) * 1000) : undefined;
}

function capped(ms: number): number {
  return Math.min(Math.max(0, ms), MAX_WAIT_MS);
}
