import type { AddressInfo } from "node:net";
import type { Runtime } from "../runtime.ts";
import { log } from "../log.ts";
import { metricsPort } from "./operator-settings.ts";

/**
 * `worker` and `scheduler` (processes without the web server) serve /metrics on METRICS_PORT (METRICS_HOST, default
 * all interfaces); off when unset. A container's health check asks it whether the process is alive.
 */
export async function serveWorkerMetrics(
  runtime: Runtime,
  env: NodeJS.ProcessEnv = process.env,
): Promise<() => Promise<unknown>> {
  const port = metricsPort(env);
  if (port === undefined) return async () => {};
  // Loaded only when a port is set: Fastify is memory a worker without a listener does not need.
  const { startMetricsServer } = await import("../web/metrics-server.ts");
  const app = await startMetricsServer(runtime, port, env.METRICS_HOST?.trim() || "0.0.0.0");
  const address = app.server.address() as AddressInfo;
  log.info(`metrics: listening on http://${address.address}:${address.port}/metrics`);
  return () => app.close();
}
