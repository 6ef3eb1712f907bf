import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT, waitFor } from "./services.ts";

/** A long-running `silkwire` command (worker, start, web) in a child process, with its output collected. */
export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string | null>;
  /** Waits until the output matches, and returns the match. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

export function startCliProcess(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "src/cli/main.ts"), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on("close", (code, signal) => resolve(code ?? signal)),
  );
  return {
    child,
    output: () => output,
    exited,
    waitForOutput: async (pattern, timeoutMs = 30_000) => {
      await waitFor(() => pattern.test(output), timeoutMs).catch((err: Error) => {
        throw new Error(`${err.message}: ${pattern} not in output:\n${output}`);
      });
      return pattern.exec(output)!;
    },
  };
}

/** The value of one sample of a Prometheus text exposition, e.g. `metric(text, 'x_total{queue="a"}')`. */
export function metricValue(text: string, sample: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}
