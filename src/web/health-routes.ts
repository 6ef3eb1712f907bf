import type { FastifyInstance } from "fastify";
import type { WebDeps } from "./web-deps.ts";
import { QUEUE_NAMES } from "../jobs/queues.ts";
import { failingSources } from "../store/health-store.ts";

const TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** /health: 200 only when Postgres and Redis both answer; the body says queue depths and failing sources. */
export function healthRoutes(app: FastifyInstance, deps: WebDeps): void {
  app.get("/health", async (_request, reply) => {
    const [postgres, redis] = await Promise.allSettled([
      withTimeout(deps.db.$queryRawUnsafe("SELECT 1"), "Postgres"),
      // A queue read is a Redis round trip through the same connection the workers use.
      withTimeout(deps.queues["poll-source"].getJobCounts("waiting"), "Redis"),
    ]);
    const ok = postgres.status === "fulfilled" && redis.status === "fulfilled";
    const status = (result: PromiseSettledResult<unknown>) =>
      result.status === "fulfilled" ? "ok" : String((result.reason as Error)?.message ?? result.reason);
    const queues =
      redis.status === "fulfilled"
        ? Object.fromEntries(
            await Promise.all(
              QUEUE_NAMES.map(async (name) => [
                name,
                await withTimeout(deps.queues[name].getJobCounts("waiting", "active", "delayed", "failed"), "Redis"),
              ]),
            ),
          )
        : undefined;
    const sources = postgres.status === "fulfilled" ? await failingSources(deps.db) : undefined;
    reply.code(ok ? 200 : 503).header("cache-control", "no-store");
    return {
      status: ok ? "ok" : "unavailable",
      postgres: status(postgres),
      redis: status(redis),
      queues,
      failingSources: sources,
    };
  });
}
