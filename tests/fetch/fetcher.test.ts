import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import zlib from "node:zlib";
import { createFetcher, FetchError, isRetryable } from "../../src/fetch/index.ts";
import type { Fetcher, FetcherOptions } from "../../src/fetch/index.ts";
import { startServer } from "../helpers/fixture-server.ts";
import type { Handler, LocalServer } from "../helpers/fixture-server.ts";

const FEED = `<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Хоргос 霍尔果斯</title></channel></rss>`;
const TEST_OPTIONS: Partial<FetcherOptions> = {
  allowPrivateNetworks: true,
  totalTimeoutMs: 300,
  connectTimeoutMs: 300,
  perHostDelayMs: 0,
  maxBytes: 64 * 1024,
};

const routes = new Map<string, Handler>();
let server: LocalServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startServer((request, response) => {
    const handler = routes.get(new URL(request.url ?? "/", "http://x").pathname);
    if (handler) return handler(request, response);
    response.writeHead(404).end("no such route");
  });
  fetcher = createFetcher(TEST_OPTIONS);
});
afterEach(() => routes.clear());
afterAll(async () => {
  await fetcher.close();
  await server.close();
});

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function fetchError(url: string, client = fetcher): Promise<FetchError> {
  const error = await client.fetch({ url }).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe("fetch: successful responses", () => {
  it("returns the body, validators and final URL, and identifies itself", async () => {
    routes.set("/feed", (_request, response) => {
      response.writeHead(200, {
        "content-type": "application/rss+xml",
        etag: '"v1"',
        "last-modified": "Tue, 24 Nov 2026 10:00:00 GMT",
      });
      response.end(FEED);
    });
    const result = await fetcher.fetch({ url: server.url("/feed") });
    expect(result).toMatchObject({
      url: server.url("/feed"),
      status: 200,
      notModified: false,
      contentType: "application/rss+xml",
      etag: '"v1"',
      lastModified: "Tue, 24 Nov 2026 10:00:00 GMT",
    });
    expect(text(result.body)).toBe(FEED);
    const sent = server.requests.at(-1)!.headers;
    expect(sent["user-agent"]).toMatch(/^Silkwire\/0\.1 \(\+https:\/\/github\.com\/silkwire\/silkwire/);
    expect(sent["accept-encoding"]).toBe("gzip, deflate, br");
    expect(sent.accept).toContain("application/rss+xml");
  });

  it.each([
    ["gzip", zlib.gzipSync],
    ["x-gzip", zlib.gzipSync],
    ["deflate", zlib.deflateSync],
    ["deflate", zlib.deflateRawSync],
    ["br", zlib.brotliCompressSync],
  ])("decompresses Content-Encoding %s", async (encoding, compress) => {
    routes.set("/compressed", (_request, response) => {
      response.writeHead(200, { "content-encoding": encoding }).end(compress(Buffer.from(FEED)));
    });
    expect(text((await fetcher.fetch({ url: server.url("/compressed") })).body)).toBe(FEED);
  });

  it("gunzips a body served raw as .gz bytes without Content-Encoding", async () => {
    routes.set("/feed.xml.gz", (_request, response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(zlib.gzipSync(FEED));
    });
    expect(text((await fetcher.fetch({ url: server.url("/feed.xml.gz") })).body)).toBe(FEED);
  });

  it("passes an empty body through", async () => {
    routes.set("/empty", (_request, response) => response.writeHead(200).end());
    expect((await fetcher.fetch({ url: server.url("/empty") })).body).toHaveLength(0);
  });
});

describe("fetch: conditional GET", () => {
  it("sends the validators and reports 304 as not modified with an empty body", async () => {
    routes.set("/conditional", (request, response) => {
      const fresh = request.headers["if-none-match"] === '"v1"' && request.headers["if-modified-since"] !== undefined;
      if (fresh) return response.writeHead(304, { etag: '"v1"' }).end();
      response.writeHead(200, { etag: '"v1"' }).end(FEED);
    });
    const result = await fetcher.fetch({
      url: server.url("/conditional"),
      etag: '"v1"',
      lastModified: "Tue, 24 Nov 2026 10:00:00 GMT",
    });
    expect(result).toMatchObject({ status: 304, notModified: true, etag: '"v1"' });
    expect(result.body).toHaveLength(0);
    expect(server.requests.at(-1)!.headers["if-modified-since"]).toBe("Tue, 24 Nov 2026 10:00:00 GMT");
  });

  it("keeps the sent validators when a 304 omits them", async () => {
    routes.set("/bare-304", (_request, response) => response.writeHead(304).end());
    const result = await fetcher.fetch({
      url: server.url("/bare-304"),
      etag: '"v2"',
      lastModified: "Mon, 23 Nov 2026 08:00:00 GMT",
    });
    expect(result).toMatchObject({ notModified: true, etag: '"v2"', lastModified: "Mon, 23 Nov 2026 08:00:00 GMT" });
  });
});

describe("fetch: HTTP errors", () => {
  it.each([
    [404, false],
    [403, false],
    [410, false],
    [408, true],
    [429, true],
    [500, true],
    [503, true],
  ])("reports status %i with retryable=%s", async (status, retryable) => {
    routes.set("/status", (_request, response) => response.writeHead(status).end("error page"));
    const error = await fetchError(server.url("/status"));
    expect(error).toMatchObject({ kind: "http", status, retryable, url: server.url("/status") });
    expect(isRetryable(error)).toBe(retryable);
  });
});

describe("fetch: redirects", () => {
  it("follows relative and absolute Locations and reports the final URL", async () => {
    routes.set("/old", (_request, response) => response.writeHead(301, { location: "../moved?x=1" }).end());
    routes.set("/moved", (_request, response) => response.writeHead(302, { location: server.url("/feed") }).end());
    routes.set("/feed", (_request, response) => response.writeHead(200).end(FEED));
    const result = await fetcher.fetch({ url: server.url("/old") });
    expect(result.url).toBe(server.url("/feed"));
    expect(text(result.body)).toBe(FEED);
  });

  it("follows exactly maxRedirects hops and refuses one more", async () => {
    routes.set("/hop", (request, response) => {
      const left = Number(new URL(request.url!, server.origin).searchParams.get("left"));
      if (left === 0) return response.writeHead(200).end("arrived");
      response.writeHead(307, { location: `/hop?left=${left - 1}` }).end();
    });
    const client = createFetcher({ ...TEST_OPTIONS, maxRedirects: 2 });
    try {
      expect(text((await client.fetch({ url: server.url("/hop?left=2") })).body)).toBe("arrived");
      const error = await fetchError(server.url("/hop?left=3"), client);
      expect(error).toMatchObject({ kind: "too-many-redirects", retryable: false });
    } finally {
      await client.close();
    }
  });

  it("refuses redirects to schemes other than http and https", async () => {
    routes.set("/to-file", (_request, response) => response.writeHead(302, { location: "file:///etc/passwd" }).end());
    const error = await fetchError(server.url("/to-file"));
    expect(error).toMatchObject({ kind: "bad-url", retryable: false });
    expect(error.message).toContain("file:///etc/passwd");
  });

  it("reports an unparseable Location as a bad URL", async () => {
    routes.set("/bad-location", (_request, response) => response.writeHead(301, { location: "http://[oops/" }).end());
    expect(await fetchError(server.url("/bad-location"))).toMatchObject({ kind: "bad-url", retryable: false });
  });

  it("rejects URLs that are not http(s) before sending anything", async () => {
    expect(await fetchError("not a url")).toMatchObject({ kind: "bad-url" });
    expect(await fetchError("ftp://example.com/feed")).toMatchObject({ kind: "bad-url" });
  });
});

describe("fetch: politeness", () => {
  it("spaces requests to the same host by perHostDelayMs", async () => {
    routes.set("/feed", (_request, response) => response.writeHead(200).end(FEED));
    const polite = createFetcher({ ...TEST_OPTIONS, perHostDelayMs: 100 });
    try {
      const began = performance.now();
      await Promise.all([1, 2, 3].map(() => polite.fetch({ url: server.url("/feed") })));
      expect(performance.now() - began).toBeGreaterThanOrEqual(190);
    } finally {
      await polite.close();
    }
  });
});
