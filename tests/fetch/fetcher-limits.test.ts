// Servers that stall, trickle, flood or break: each must end in a typed FetchError within the test deadline.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { createFetcher, FetchError } from "../../src/fetch/index.ts";
import type { Fetcher } from "../../src/fetch/index.ts";
import { startServer } from "../helpers/fixture-server.ts";
import type { Handler, LocalServer } from "../helpers/fixture-server.ts";

const DEADLINE_MS = 300;
const MAX_BYTES = 1024 * 1024;

const routes = new Map<string, Handler>();
const timers = new Set<ReturnType<typeof setInterval>>();
let server: LocalServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startServer((request, response) => routes.get(request.url ?? "/")?.(request, response));
  fetcher = createFetcher({
    allowPrivateNetworks: true,
    totalTimeoutMs: DEADLINE_MS,
    connectTimeoutMs: DEADLINE_MS,
    perHostDelayMs: 0,
    maxBytes: MAX_BYTES,
  });
});
afterEach(() => {
  routes.clear();
  for (const timer of timers) clearInterval(timer);
});
afterAll(async () => {
  await fetcher.close();
  await server.close();
});

async function failure(url: string): Promise<{ error: FetchError; elapsedMs: number }> {
  const began = performance.now();
  const error = await fetcher.fetch({ url }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(FetchError);
  return { error: error as FetchError, elapsedMs: performance.now() - began };
}

describe("fetch: deadlines", () => {
  it("times out a server that never answers", async () => {
    routes.set("/silent", () => undefined);
    const { error, elapsedMs } = await failure(server.url("/silent"));
    expect(error).toMatchObject({ kind: "timeout", retryable: true });
    expect(elapsedMs).toBeLessThan(DEADLINE_MS * 3);
  });

  it("times out a body that trickles forever, though bytes keep arriving", async () => {
    routes.set("/trickle", (_request, response) => {
      response.writeHead(200, { "content-type": "application/rss+xml" });
      response.write("<rss>");
      const timer = setInterval(() => response.write(" "), 20);
      timers.add(timer);
    });
    const { error, elapsedMs } = await failure(server.url("/trickle"));
    expect(error).toMatchObject({ kind: "timeout", retryable: true });
    expect(elapsedMs).toBeGreaterThanOrEqual(DEADLINE_MS - 10);
    expect(elapsedMs).toBeLessThan(DEADLINE_MS * 3);
  });
});

describe("fetch: size cap", () => {
  it("stops a plain body over the cap", async () => {
    routes.set("/big", (_request, response) => {
      response.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, "a");
      const timer = setInterval(() => response.write(chunk), 1);
      timers.add(timer);
    });
    const { error } = await failure(server.url("/big"));
    expect(error).toMatchObject({ kind: "too-large", retryable: false });
  });

  it("refuses a declared Content-Length over the cap without reading it", async () => {
    routes.set("/declared", (_request, response) => {
      response.writeHead(200, { "content-length": String(MAX_BYTES * 100) });
      response.write("x");
    });
    // The server never finishes the body, so anything but the up-front check would end in "timeout".
    const { error } = await failure(server.url("/declared"));
    expect(error).toMatchObject({ kind: "too-large" });
  });

  it("stops a gzip bomb (50 MB of zeros) after inflating just past the cap", async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(MAX_BYTES / 4);
    routes.set("/bomb", (_request, response) => response.writeHead(200, { "content-encoding": "gzip" }).end(bomb));
    // Uncapped, this would return 50 MB or run into the deadline ("timeout"); "too-large" means inflation stopped.
    const { error } = await failure(server.url("/bomb"));
    expect(error).toMatchObject({ kind: "too-large" });
  });
});

describe("fetch: broken responses", () => {
  it("reports bytes that are not what Content-Encoding says as a decompression error", async () => {
    routes.set("/fake-gzip", (_request, response) =>
      response.writeHead(200, { "content-encoding": "gzip" }).end("<rss/>"),
    );
    const { error } = await failure(server.url("/fake-gzip"));
    expect(error).toMatchObject({ kind: "decompression", retryable: false });
  });

  it("reports an unknown Content-Encoding as a decompression error", async () => {
    routes.set("/zz", (_request, response) => response.writeHead(200, { "content-encoding": "zz" }).end("<rss/>"));
    expect((await failure(server.url("/zz"))).error).toMatchObject({ kind: "decompression" });
  });

  it("refuses more than two Content-Encoding codings as a permanent decompression error", async () => {
    const body = zlib.gzipSync(zlib.gzipSync(zlib.gzipSync("<rss/>")));
    routes.set("/layers", (_request, response) =>
      response.writeHead(200, { "content-encoding": "gzip, gzip, gzip" }).end(body),
    );
    const { error } = await failure(server.url("/layers"));
    expect(error).toMatchObject({ kind: "decompression", retryable: false });
    expect(error.message).toMatch(/3 Content-Encoding codings \(gzip, gzip, gzip\), at most 2/);
    routes.set("/two", (_request, response) =>
      response.writeHead(200, { "content-encoding": "gzip, br" }).end(zlib.brotliCompressSync(zlib.gzipSync("ok"))),
    );
    expect(new TextDecoder().decode((await fetcher.fetch({ url: server.url("/two") })).body)).toBe("ok");
  });

  it("carries a 429's Retry-After on the error, and a response's max-age on the result", async () => {
    routes.set("/busy", (_request, response) => response.writeHead(429, { "retry-after": "120" }).end());
    const { error } = await failure(server.url("/busy"));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfter: "120" });
    routes.set("/cached", (_request, response) =>
      response.writeHead(200, { "cache-control": "public, max-age=900" }).end("<rss/>"),
    );
    expect((await fetcher.fetch({ url: server.url("/cached") })).cacheControl).toBe("public, max-age=900");
  });

  it("reports a connection cut mid-body as a retryable network error", async () => {
    routes.set("/cut", (_request, response) => {
      response.writeHead(200, { "content-length": "1000" });
      response.write("<rss>", () => response.socket?.destroy());
    });
    expect((await failure(server.url("/cut"))).error).toMatchObject({ kind: "network", retryable: true });
  });

  it("reports a refused connection as a retryable network error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { error } = await failure(`http://127.0.0.1:${port}/feed`);
    expect(error).toMatchObject({ kind: "network", retryable: true, url: `http://127.0.0.1:${port}/feed` });
  });
});
