import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { openRuntime, type Runtime } from "../runtime.ts";
import { buildServer } from "../web/server.ts";
import { publishContext, webSettings } from "../feeds/publish-context.ts";
import { adminCredentials } from "./operator-settings.ts";
import { log } from "../log.ts";
import { CLOSING_MS, exitIfStillStoppingAfter, serviceRunning, stopRequested } from "./stop-signal.ts";

/** Starts the web server on HOST:PORT with this runtime's connections; `silkwire start` calls it too. */
export async function startWebServer(runtime: Runtime, env: NodeJS.ProcessEnv = process.env): Promise<FastifyInstance> {
  const settings = webSettings(env);
  const app = await buildServer({
    db: runtime.db,
    queues: runtime.queues,
    publish: publishContext(runtime.db, env),
    publicDir: settings.publicDir,
    admin: adminCredentials(env),
  });
  await app.listen({ host: settings.host, port: settings.port });
  const { address, port } = app.server.address() as AddressInfo;
  log.info(
    `web: listening on http://${address}:${port}, links as ${settings.publicUrl}, built feeds from ${settings.publicDir}`,
  );
  return app;
}

export async function runWebCommand(): Promise<number> {
  const runtime = await openRuntime();
  const app = await startWebServer(runtime);
  serviceRunning();
  const signal = await stopRequested();
  log.info(`${signal}: stopping the web server`);
  exitIfStillStoppingAfter(CLOSING_MS);
  await app.close();
  await runtime.close();
  return 0;
}
