import type { FastifyInstance } from "fastify";
import type { WebDeps } from "./web-deps.ts";
import { renderMetrics } from "../metrics/registry.ts";
import { collectSystemMetrics } from "../jobs/scrape-metrics.ts";

/** /metrics: Prometheus text format, this process's counters plus queue depths and totals read at scrape time. */
export function metricsRoutes(app: FastifyInstance, deps: Pick<WebDeps, "db" | "queues">): void {
  collectSystemMetrics(deps.db, deps.queues);
  app.get("/metrics", async (_request, reply) => {
    const { contentType, body } = await renderMetrics();
    reply.header("content-type", contentType).header("cache-control", "no-store");
    return body;
  });
}
