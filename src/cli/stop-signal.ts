// When a service process is asked to stop (SIGTERM from `docker stop`, SIGINT from Ctrl-C). The handlers are
// installed before the service loads its modules or connects, not when it is ready: an engine stops containers
// whenever it likes, and a signal Node has no handler for kills the process with no log line and exit code 143.
import { log } from "../log.ts";

export type StopSignal = "SIGINT" | "SIGTERM";

let requested: Promise<StopSignal> | undefined;
let running = false;

/**
 * The first SIGINT or SIGTERM. Until `serviceRunning()` is called, nothing is in progress that needs finishing (no
 * job taken, no request served), so a signal then exits at once: a worker still waiting for Postgres at start-up
 * stops when asked instead of when its wait runs out. After it, the promise resolves and the service winds down.
 * The handlers go with the first signal, so a second one ends the process at once (Ctrl-C twice).
 */
export function stopRequested(): Promise<StopSignal> {
  requested ??= new Promise<StopSignal>((resolve) => {
    const onSignal = (signal: StopSignal) => {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
      if (running) return resolve(signal);
      log.info(`${signal} during start-up: exiting`);
      process.exit(0);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  return requested;
}

/** From here on the service has work in progress: a stop signal lets it finish instead of exiting at once. */
export function serviceRunning(): void {
  running = true;
}

/** What closing takes after the work in progress has finished or been handed back: threads, connections. */
export const CLOSING_MS = 10_000;

/**
 * Bounds a shutdown: when closing takes longer than `ms` (a connection that never answers its close), the process
 * exits with code 1 and says so, rather than waiting for the engine's SIGKILL with nothing in the log.
 */
export function exitIfStillStoppingAfter(ms: number): void {
  setTimeout(() => {
    log.error(`shutdown still not done after ${Math.round(ms / 1000)} s: exiting anyway`);
    process.exit(1);
  }, ms).unref();
}
