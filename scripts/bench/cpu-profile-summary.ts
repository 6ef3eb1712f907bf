// Where the time of `node --cpu-prof` profiles goes: self time per function and per part of the code (our own
// src/<stage>, each npm package, Node's internals, garbage collection), summed over several profiles.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  byPart: Array<[string, number]>;
  byFunction: Array<[string, number]>;
}

/** The part of the code a frame belongs to: `src/curate`, `npm:@prisma/client`, `node:internal`, `(gc)`... */
export function partOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm:${pkg[1]}`;
  const own = /\/(src\/[^/]+)\//.exec(url);
  if (own) return own[1];
  if (url.startsWith("node:")) return "node:internal";
  return url.replace(/^file:\/\/.*\//, "");
}

export function summarizeProfiles(files: string[], top = 25): ProfileSummary {
  const byPart = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const frame = nodes.get(id)?.callFrame;
      if (!frame || frame.functionName === "(idle)" || frame.functionName === "(program)") return;
      totalMs += ms;
      const part = partOf(frame.url, frame.functionName);
      byPart.set(part, (byPart.get(part) ?? 0) + ms);
      const where = frame.url
        ? `${frame.url.replace(/^file:\/\/.*?\/(src|node_modules)\//, "$1/")}:${frame.lineNumber + 1}`
        : "";
      const name = `${frame.functionName || "(anonymous)"} ${where}`.trim();
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    });
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs, byPart: sorted(byPart), byFunction: sorted(byFunction) };
}
