import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "node:net";
import { BlockedAddressError, createGuardedConnector, createGuardedLookup } from "../../src/fetch/guarded-connector.ts";
import { startServer } from "../helpers/fixture-server.ts";
import type { LocalServer } from "../helpers/fixture-server.ts";

let server: LocalServer;
beforeAll(async () => {
  server = await startServer((_request, response) => response.end("ok"));
});
afterAll(() => server.close());

function connect(connector: ReturnType<typeof createGuardedConnector>, hostname: string) {
  const port = new URL(server.origin).port;
  return new Promise<Socket>((resolve, reject) =>
    connector({ hostname, protocol: "http:", port }, (error, socket) => (error ? reject(error) : resolve(socket!))),
  );
}

describe("createGuardedConnector", () => {
  it("checks the address actually connected to, even when no DNS lookup happens", async () => {
    // An IP literal skips the lookup guard; the socket's remote address is the last line of defence.
    const connector = createGuardedConnector({ connectTimeoutMs: 300, allowPrivateNetworks: false });
    await expect(connect(connector, "127.0.0.1")).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it("hands over the socket when the address is allowed", async () => {
    const connector = createGuardedConnector({
      connectTimeoutMs: 300,
      allowPrivateNetworks: false,
      isBlocked: () => false,
    });
    const socket = await connect(connector, "127.0.0.1");
    expect(socket.remoteAddress).toBe("127.0.0.1");
    socket.destroy();
  });
});

describe("createGuardedLookup", () => {
  it("answers in the shape asked for and refuses blocked answers", async () => {
    const allowAll = createGuardedLookup(() => false);
    const single = await new Promise((resolve) =>
      allowAll("localhost", { family: 4 }, (_e, address) => resolve(address)),
    );
    expect(single).toBe("127.0.0.1");
    const blocked = await new Promise((resolve) =>
      createGuardedLookup()("localhost", { all: true }, (error) => resolve(error)),
    );
    expect(blocked).toBeInstanceOf(BlockedAddressError);
  });
});
