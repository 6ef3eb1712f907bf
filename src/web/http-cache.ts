// Conditional GET for feeds and OPML: a weak ETag from the bytes, Last-Modified, 304 when the reader has them.
import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

export interface CachedBody {
  body: Buffer;
  etag: string;
  lastModified: Date;
  contentType: string;
}

export function cachedBody(text: string | Buffer, lastModified: Date, contentType: string): CachedBody {
  const body = typeof text === "string" ? Buffer.from(text) : text;
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 27);
  // HTTP dates have whole seconds; rounding down keeps If-Modified-Since comparisons exact.
  const seconds = new Date(Math.floor(lastModified.getTime() / 1000) * 1000);
  return { body, etag: `W/"${hash}"`, lastModified: seconds, contentType };
}

function notModified(request: FastifyRequest, entry: CachedBody): boolean {
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    // Weak comparison (RFC 9110 8.8.3.2): W/ prefixes are ignored on both sides.
    const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
    return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((t) => opaque(t) === opaque(entry.etag));
  }
  const since = Date.parse(String(request.headers["if-modified-since"] ?? ""));
  return Number.isFinite(since) && entry.lastModified.getTime() <= since;
}

export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: CachedBody,
  maxAgeSeconds: number,
): FastifyReply {
  reply
    .header("etag", entry.etag)
    .header("last-modified", entry.lastModified.toUTCString())
    .header("cache-control", `public, max-age=${maxAgeSeconds}`)
    .header("vary", "accept-encoding");
  if (notModified(request, entry)) return reply.code(304).send();
  return reply.type(entry.contentType).send(entry.body);
}
