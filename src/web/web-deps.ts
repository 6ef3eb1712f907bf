import type { FastifyInstance } from "fastify";
import type { Db } from "../store/client.ts";
import type { Queues } from "../jobs/queues.ts";
import type { PublishContext } from "../feeds/build-feeds.ts";

/** What the routes need, opened once by the command that starts the server. */
export interface WebDeps {
  db: Db;
  /** Queues, for queue depths in /health (a queue read is also the Redis probe). */
  queues: Queues;
  publish: PublishContext;
  /** Where `feeds build` writes; feeds found there are served as built. */
  publicDir: string;
  /** Basic-auth credentials of the queue dashboard; without them /admin/queues is not served. */
  admin?: { user: string; password: string };
}

/** One area of the site: registers its routes. Listed once in ROUTE_MODULES (server.ts). */
export type RouteModule = (app: FastifyInstance, deps: WebDeps) => void | Promise<void>;
