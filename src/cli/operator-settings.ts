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
