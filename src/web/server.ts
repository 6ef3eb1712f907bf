// The web server: Fastify with compression, and one route module per area, registered from one list. A new area
// (the digest, say) is one file exporting a RouteModule plus one line in ROUTE_MODULES.
import Fastify, { type FastifyInstance } from "fastify";
import compress from "@fastify/compress";
import type { RouteModule, WebDeps } from "./web-deps.ts";
import { healthRoutes } from "./health-routes.ts";
import { feedRoutes } from "./feed-routes.ts";
import { pageRoutes } from "./page-routes.ts";
import { apiRoutes } from "./api-routes.ts";
import { digestRoutes } from "./digest-routes.ts";
import { metricsRoutes } from "./metrics-routes.ts";
import { adminRoutes } from "./admin-routes.ts";

export type { RouteModule, WebDeps };

export const ROUTE_MODULES: RouteModule[] = [
  healthRoutes,
  feedRoutes,
  pageRoutes,
  apiRoutes,
  digestRoutes,
  metricsRoutes,
  adminRoutes,
];

export async function buildServer(deps: WebDeps, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, trustProxy: true });
  // Feeds over ~1 KB are compressed for readers that ask (gzip, brotli, deflate).
  await app.register(compress, { threshold: 1024 });
  app.addHook("onSend", async (_request, reply) => {
    reply.header("x-content-type-options", "nosniff");
  });
  for (const register of ROUTE_MODULES) await register(app, deps);
  return app;
}
