// The one loopback HTTP server of the tests: real sockets, so undici, zlib and the address guard all run for real.
// Two fronts over the same server: a table of routes (most tests) and a raw handler (fetch tests that need to
// misbehave at the socket level).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Milliseconds to wait before answering (a stalled server when larger than the client's deadline). */
  delayMs?: number;
  /** Full control for routes that change behaviour between requests. */
  handle?: (req: IncomingMessage, res: ServerResponse, hit: number) => void;
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage["headers"];
}

/** A real HTTP server on 127.0.0.1 serving recorded documents, counting hits per path. */
export interface FixtureServer {
  url: string;
  routes: Map<string, Route>;
  hits: Map<string, number>;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A server answering every request with `handler`, on `host` (any loopback address). */
export interface LocalServer {
  origin: string;
  url(path: string): string;
  /** Requests received, so tests can prove a blocked fetch never reached the server. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler, host = "127.0.0.1"): Promise<LocalServer> {
  const requests: ReceivedRequest[] = [];
  const { origin, close } = await listen((request, response) => {
    requests.push({ path: (request.url ?? "/").split("?")[0], headers: request.headers });
    handler(request, response);
  }, host);
  return { origin, url: (path) => `${origin}${path}`, requests, close };
}

export async function startFixtureServer(routes: Record<string, Route> = {}): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const hits = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server = await startServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    const route = table.get(path);
    if (!route) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    const answer = () => {
      if (route.handle) return route.handle(req, res, hit);
      res.writeHead(route.status ?? 200, route.headers ?? {}).end(route.body ?? "");
    };
    if (!route.delayMs) return answer();
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) answer();
    }, route.delayMs);
    timers.add(timer);
  });
  return {
    url: server.origin,
    routes: table,
    hits,
    requests: server.requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await server.close();
    },
  };
}

async function listen(handler: Handler, host: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
