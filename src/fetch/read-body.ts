// Reads a response body into memory, decompressing it and enforcing the byte cap on the *decompressed* size while
// streaming: a few kilobytes of gzip can inflate to gigabytes, so the cap must stop inflation, not check a total.
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import type { Transform } from "node:stream";

export class BodyTooLargeError extends Error {
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`body exceeds ${maxBytes} bytes after decompression`);
    this.name = "BodyTooLargeError";
    this.maxBytes = maxBytes;
  }
}

/** The body could not be decompressed: an unknown Content-Encoding, or bytes that are not what it claims. */
export class DecompressionError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = "DecompressionError";
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];
// No server needs more than two layers (say, br over gzip); each layer is another decompressor a body can inflate
// through, so a longer list is refused as an attack or a broken server.
const MAX_CODINGS = 2;

/**
 * Collects `body` decoded according to `contentEncoding` ("gzip", "br", "deflate", a comma list, or none).
 * Without a Content-Encoding, gzip magic bytes still trigger gunzip: some servers hand out .gz files raw.
 */
export async function readBody(
  body: AsyncIterable<Uint8Array>,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<Uint8Array> {
  const { head, rest, sourceFailure } = await peek(body, GZIP_MAGIC.length);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const collector = new Writable({
    write(chunk: Uint8Array, _encoding, done) {
      total += chunk.length;
      if (total > maxBytes) return done(new BodyTooLargeError(maxBytes));
      chunks.push(chunk);
      done();
    },
  });
  const source = Readable.from(rest, { objectMode: false });
  try {
    await pipeline([source, ...decodersFor(contentEncoding, head), collector]);
  } catch (error) {
    source.destroy();
    // Only three kinds of stage can fail: the network source, the size cap, and the decoders in between.
    if (error instanceof BodyTooLargeError || error instanceof DecompressionError || error === sourceFailure()) {
      throw error;
    }
    throw new DecompressionError(`cannot decode body as "${contentEncoding ?? "gzip"}": ${String(error)}`, error);
  }
  return concat(chunks, total);
}

/** Reads at least `bytes` bytes (or everything) and returns them plus an iterable replaying the whole body. */
async function peek(
  body: AsyncIterable<Uint8Array>,
  bytes: number,
): Promise<{ head: Uint8Array; rest: AsyncIterable<Uint8Array>; sourceFailure: () => unknown }> {
  const iterator = body[Symbol.asyncIterator]();
  let failure: unknown;
  const next = async () => {
    try {
      return await iterator.next();
    } catch (error) {
      failure = error;
      throw error;
    }
  };
  const seen: Uint8Array[] = [];
  let seenLength = 0;
  let finished = false;
  while (seenLength < bytes) {
    const result = await next();
    if (result.done) {
      finished = true;
      break;
    }
    seen.push(result.value);
    seenLength += result.value.length;
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      yield* seen;
      if (finished) return;
      for (let result = await next(); !result.done; result = await next()) yield result.value;
    } finally {
      // Stops the network stream when the pipeline gives up early (too large, bad data).
      await iterator.return?.();
    }
  }
  return { head: concat(seen, seenLength), rest: replay(), sourceFailure: () => failure };
}

function decodersFor(contentEncoding: string | undefined, head: Uint8Array): Transform[] {
  const codings = (contentEncoding ?? "")
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length === 0) return startsWithGzipMagic(head) ? [zlib.createGunzip()] : [];
  if (codings.length > MAX_CODINGS)
    throw new DecompressionError(
      `${codings.length} Content-Encoding codings (${codings.join(", ")}), at most ${MAX_CODINGS}`,
    );
  // Codings are listed in the order they were applied, so they are undone in reverse; only the outermost one
  // sees the bytes in `head`.
  return codings.reverse().map((coding, index) => decoderFor(coding, index === 0 ? head : undefined));
}

function decoderFor(coding: string, head: Uint8Array | undefined): Transform {
  switch (coding) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "br":
      return zlib.createBrotliDecompress();
    case "deflate":
      // RFC 9110 "deflate" is zlib-wrapped, but some servers send a raw deflate stream under that name.
      return head && !startsWithZlibHeader(head) ? zlib.createInflateRaw() : zlib.createInflate();
    default:
      throw new DecompressionError(`unsupported Content-Encoding "${coding}"`);
  }
}

/** RFC 1950: compression method 8 in the low nibble, and the two header bytes form a multiple of 31. */
function startsWithZlibHeader(head: Uint8Array): boolean {
  return head.length >= 2 && (head[0] & 0x0f) === 8 && ((head[0] << 8) | head[1]) % 31 === 0;
}

function startsWithGzipMagic(head: Uint8Array): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk.subarray(0, length - offset), offset);
    offset += chunk.length;
    if (offset >= length) break;
  }
  return out;
}
