// A real HTTP server on loopback for fetch tests: no mock agents, so undici, sockets and zlib all run for real.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface LocalServer {
  origin: string;
  url(path: string): string;
  /** Requests received, so tests can prove a blocked fetch never reached the server. */
  requests: IncomingMessage[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler, host = "127.0.0.1"): Promise<LocalServer> {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
