import { DEFAULT_CONCURRENCY, type WorkerConcurrency } from "../jobs/workers.ts";

/** Basic-auth credentials of /admin/queues from ADMIN_USER and ADMIN_PASSWORD; both must be set, or it stays off. */
export function adminCredentials(env: NodeJS.ProcessEnv = process.env): { user: string; password: string } | undefined {
  const user = env.ADMIN_USER?.trim();
  const password = env.ADMIN_PASSWORD;
  return user && password ? { user, password } : undefined;
}

/** METRICS_PORT: where a worker-only process serves /metrics; unset means no listener. */
export function metricsPort(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.METRICS_PORT?.trim();
  if (!raw) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`METRICS_PORT: not a port: "${raw}"`);
  return port;
}

/** The workers' concurrency: SILKWIRE_CURATE_CONCURRENCY (curations at once in this process), else the default. */
export function workerConcurrency(env: NodeJS.ProcessEnv = process.env): WorkerConcurrency {
  const raw = env.SILKWIRE_CURATE_CONCURRENCY?.trim();
  if (!raw) return DEFAULT_CONCURRENCY;
  const curate = Number(raw);
  if (!Number.isInteger(curate) || curate < 1 || curate > MAX_CURATE_CONCURRENCY) {
    throw new Error(`SILKWIRE_CURATE_CONCURRENCY: "${raw}" is not a whole number from 1 to ${MAX_CURATE_CONCURRENCY}`);
  }
  return { ...DEFAULT_CONCURRENCY, curate };
}

/** Past a few, concurrent curations in one thread only make each other decide again. */
const MAX_CURATE_CONCURRENCY = 16;
