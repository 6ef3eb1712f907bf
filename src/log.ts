// The one logger of every command and worker: JSON lines for log collectors, or pino-pretty when a person watches
// the terminal. Users' output (tables, summaries, progress) is not logging and stays plain text on stdout.
import { pino, type Logger, type LevelWithSilent } from "pino";
import pretty from "pino-pretty";

export type { Logger };

const LEVELS = new Set<string>(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

export interface LogOptions {
  /** 1 (stdout) for services; 2 (stderr) for commands whose stdout is their answer. */
  fd: 1 | 2;
  /** The level when LOG_LEVEL is not set. */
  defaultLevel: LevelWithSilent;
}

/** LOG_LEVEL (fatal…trace, silent); unset or unknown falls back to the default rather than stopping a service. */
export function logLevel(env: NodeJS.ProcessEnv, fallback: LevelWithSilent): LevelWithSilent {
  const wanted = env.LOG_LEVEL?.trim().toLowerCase() ?? "";
  return (LEVELS.has(wanted) ? wanted : fallback) as LevelWithSilent;
}

export function createLogger(options: LogOptions, env: NodeJS.ProcessEnv = process.env): Logger {
  const level = logLevel(env, options.defaultLevel);
  const settings = { level, timestamp: pino.stdTimeFunctions.isoTime, base: { pid: process.pid } };
  const tty = (options.fd === 1 ? process.stdout : process.stderr).isTTY === true;
  // Synchronous writes: a service that exits right after "stopped" must not lose its last lines.
  if (!tty) return pino(settings, pino.destination({ dest: options.fd, sync: true }));
  const prettyOptions = { colorize: true, sync: true, destination: options.fd, ignore: "pid,hostname" };
  return pino(settings, pretty({ ...prettyOptions, translateTime: "SYS:HH:MM:ss.l" }));
}

/** The process's logger; a live binding, so `configureLog` at start-up reaches every module that imported it. */
export let log: Logger = createLogger({ fd: 1, defaultLevel: "info" });

export function configureLog(options: LogOptions, env: NodeJS.ProcessEnv = process.env): void {
  log = createLogger(options, env);
}
