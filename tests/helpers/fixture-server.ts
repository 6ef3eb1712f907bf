import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Milliseconds to wait before answering (a stalled server when larger than the client's deadline). */
  delayMs?: number;
  /** Full control for routes that change behaviour between requests. */
  handle?: (req: IncomingMessage, res: ServerResponse, hit: number) => void;
}

/** A real HTTP server on 127.0.0.1 serving recorded documents, counting hits per path. */
export interface FixtureServer {
  url: string;
  routes: Map<string, Route>;
  hits: Map<string, number>;
  requests: Array<{ path: string; headers: IncomingMessage["headers"] }>;
  close(): Promise<void>;
}

export async function startFixtureServer(routes: Record<string, Route> = {}): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const hits = new Map<string, number>();
  const requests: FixtureServer["requests"] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    requests.push({ path, headers: req.headers });
    const route = table.get(path);
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes: table,
    hits,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
