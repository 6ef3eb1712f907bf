// CPU time and memory of processes, read from Linux's /proc: what the benchmarks charge to each party (workers,
// Postgres, Redis, the whole machine). Counters are cumulative; a measurement is the difference of two readings.
import { readFileSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: split after its closing one.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined; // the process has ended
  }
}

/** CPU milliseconds a process has used so far (user + system); with `reaped`, also its waited-for children's. */
export function processCpuMs(pid: number, reaped = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  // After the name: field 3 is f[0], so utime (14) is f[11], stime f[12], cutime f[13], cstime f[14].
  const ticks = Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

export function parentOf(pid: number): number | undefined {
  const f = statFields(pid);
  return f ? Number(f[1]) : undefined;
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    const child = Number(entry);
    if (child && parentOf(child) === pid) children.push(child);
  }
  return children;
}

/**
 * CPU of a forking server such as Postgres: the postmaster, the backends that have ended (reaped, so counted in its
 * cutime) and those still running.
 */
export function serverTreeCpuMs(rootPid: number): number {
  return processCpuMs(rootPid, true) + childrenOf(rootPid).reduce((sum, child) => sum + processCpuMs(child), 0);
}

/** Peak and current resident memory of a process in MB (VmHWM, VmRSS). */
export function processMemoryMb(pid: number): { peak: number; current: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    return { peak: kb("VmHWM") / 1024, current: kb("VmRSS") / 1024 };
  } catch {
    return { peak: 0, current: 0 };
  }
}

/** Busy CPU milliseconds of the whole machine, all cores (everything but idle and I/O wait). */
export function machineBusyMs(): number {
  const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
}
