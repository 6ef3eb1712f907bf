// A worker-only process has no web server; this small listener serves its /metrics so each worker can be scraped.
import Fastify, { type FastifyInstance } from "fastify";
import type { WebDeps } from "./web-deps.ts";
import { metricsRoutes } from "./metrics-routes.ts";

export async function startMetricsServer(
  deps: Pick<WebDeps, "db" | "queues">,
  port: number,
  host = "0.0.0.0",
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  metricsRoutes(app, deps);
  await app.listen({ host, port });
  return app;
}
