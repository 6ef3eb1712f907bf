// The private-address guard, end to end: a blocked fetch must fail with "blocked-address" and the server must never
// see the request. Servers live on loopback, so some tests narrow the rule to one loopback address via a test hook.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetcher, FetchError } from "../../src/fetch/index.ts";
import type { Fetcher, FetcherOptions } from "../../src/fetch/index.ts";
import type { FetcherTestHooks } from "../../src/fetch/fetcher.ts";
import { startServer } from "../helpers/fixture-server.ts";
import type { LocalServer } from "../helpers/fixture-server.ts";

const GUARDED: Partial<FetcherOptions> = { totalTimeoutMs: 1000, connectTimeoutMs: 300, perHostDelayMs: 0 };

let primary: LocalServer; // 127.0.0.1
let secondary: LocalServer; // 127.0.0.2, a second loopback address Linux answers on
const clients: Fetcher[] = [];

function guardedFetcher(hooks: FetcherTestHooks = {}): Fetcher {
  const client = createFetcher(GUARDED, hooks);
  clients.push(client);
  return client;
}

async function blockedFetch(client: Fetcher, url: string): Promise<FetchError> {
  const error = await client.fetch({ url }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(FetchError);
  expect(error).toMatchObject({ kind: "blocked-address", retryable: false });
  return error as FetchError;
}

beforeAll(async () => {
  primary = await startServer((request, response) => {
    if (request.url === "/to-secondary") return response.writeHead(302, { location: secondary.url("/feed") }).end();
    if (request.url === "/to-localhost") {
      return response.writeHead(302, { location: `http://localhost:${new URL(secondary.origin).port}/feed` }).end();
    }
    response.writeHead(200).end("<rss/>");
  });
  secondary = await startServer((_request, response) => response.writeHead(200).end("<rss/>"), "127.0.0.2");
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all([primary.close(), secondary.close()]);
});

describe("fetch: private-address guard", () => {
  it("blocks a loopback IP literal and names the URL and the address", async () => {
    const error = await blockedFetch(guardedFetcher(), primary.url("/feed"));
    expect(error.message).toContain(primary.url("/feed"));
    expect(error.message).toContain("127.0.0.1");
    expect(primary.requests).toHaveLength(0);
  });

  it.each(["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]"])(
    "blocks the disguised loopback host %s",
    async (host) => {
      await blockedFetch(guardedFetcher(), `http://${host}:${new URL(primary.origin).port}/feed`);
      expect(primary.requests).toHaveLength(0);
    },
  );

  it("blocks IPv6 loopback and cloud metadata literals", async () => {
    await blockedFetch(guardedFetcher(), "http://[::1]/");
    await blockedFetch(guardedFetcher(), "http://169.254.169.254/latest/meta-data/");
  });

  it("blocks a DNS name that resolves to loopback, at lookup time", async () => {
    const error = await blockedFetch(guardedFetcher(), `http://localhost:${new URL(primary.origin).port}/feed`);
    expect(error.message).toMatch(/localhost.*(127\.0\.0\.1|::1)/);
    expect(primary.requests).toHaveLength(0);
  });

  it("re-checks a redirect hop to a blocked IP literal", async () => {
    const onlySecondaryBlocked = guardedFetcher({ isBlockedAddress: (address) => address === "127.0.0.2" });
    const error = await blockedFetch(onlySecondaryBlocked, primary.url("/to-secondary"));
    expect(error.url).toBe(secondary.url("/feed"));
    expect(secondary.requests).toHaveLength(0);
  });

  it("re-checks a redirect hop to a DNS name resolving to a blocked address", async () => {
    // Everything but 127.0.0.2 counts as private here, so the first hop passes and "localhost" must not.
    const onlySecondaryAllowed = guardedFetcher({ isBlockedAddress: (address) => address !== "127.0.0.2" });
    const redirector = await startServer(
      (_request, response) =>
        response.writeHead(302, { location: `http://localhost:${new URL(primary.origin).port}/` }).end(),
      "127.0.0.2",
    );
    const primaryRequestsBefore = primary.requests.length;
    try {
      const error = await blockedFetch(onlySecondaryAllowed, redirector.url("/"));
      expect(redirector.requests).toHaveLength(1);
      expect(error.url).toBe(`http://localhost:${new URL(primary.origin).port}/`);
      expect(primary.requests).toHaveLength(primaryRequestsBefore);
    } finally {
      await redirector.close();
    }
  });

  it("lets everything through when private networks are allowed", async () => {
    const open = createFetcher({ ...GUARDED, allowPrivateNetworks: true });
    clients.push(open);
    await expect(open.fetch({ url: `http://localhost:${new URL(primary.origin).port}/` })).resolves.toMatchObject({
      status: 200,
    });
  });
});
