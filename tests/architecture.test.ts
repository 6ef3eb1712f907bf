import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The layout is the pipeline, and dependencies point one way (see STYLE.md): pure stages never reach the store,
// the queue or the network, and nothing imports in a circle. This test keeps it so as the code grows.

const SRC = path.resolve("src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated") return [];
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith(".ts") ? [full] : [];
  });
}

const files = sourceFiles(SRC);
const importsOf = new Map(
  files.map((file) => {
    const text = readFileSync(file, "utf8");
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\s(?:[^;]*?from\s+)?["']([^"']+)["']/gms)].map(
      (m) => m[1],
    );
    const dynamic = [...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    return [file, [...specifiers, ...dynamic]] as const;
  }),
);

function area(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0].replace(/\.ts$/, "");
}

function resolved(from: string, specifier: string): string | undefined {
  return specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : undefined;
}

const RULES: Array<{ areas: string[]; forbidden: RegExp; why: string }> = [
  {
    areas: ["parsers", "publish", "curate", "config", "model", "digest"],
    forbidden: /^(bullmq|ioredis|undici|fastify|@fastify\/|@prisma\/|pg$)|\/(store|jobs|fetch|cli|web|feeds)\//,
    why: "pure stages take plain values",
  },
  {
    areas: ["feeds"],
    forbidden: /^(bullmq|ioredis|undici|fastify)|\/(jobs|fetch|cli|web)\//,
    why: "building feeds reads the store and renders; queues and HTTP call it, not the other way round",
  },
  { areas: ["web"], forbidden: /^(undici)$|\/(cli|fetch)\//, why: "the web server is started by commands" },
  { areas: ["store"], forbidden: /\/(parsers|jobs|fetch|cli|web|publish)\//, why: "the store only persists" },
  {
    areas: ["fetch"],
    forbidden: /\/(store|jobs|cli|curate|publish)\//,
    why: "fetching knows nothing of storage or queues",
  },
  {
    areas: ["metrics", "log"],
    forbidden: /^(bullmq|ioredis|undici|fastify|@fastify\/|@prisma\/|pg$)|\/(store|jobs|fetch|cli|web|ingest|feeds)\//,
    why: "metrics and logging are leaves every layer may use; they know nothing of the layers",
  },
  { areas: ["jobs", "ingest"], forbidden: /\/(cli|web)\//, why: "jobs are wired by commands, not the other way round" },
  {
    areas: ["mail"],
    forbidden: /\/(cli|web|jobs)\//,
    why: "sending is called by commands, jobs and the web, not the reverse",
  },
  {
    areas: [
      "parsers",
      "publish",
      "curate",
      "config",
      "model",
      "digest",
      "store",
      "fetch",
      "ingest",
      "jobs",
      "cli",
      "web",
    ],
    forbidden: /^(nodemailer|smtp-server)$/,
    why: "only src/mail talks SMTP",
  },
];

// Folder by folder: what each stage may import. Stages below the orchestration (src/ingest) take plain values and
// hand plain values on; the store only reads and writes (no curate decisions, no parsers); config is the bottom.
// Folders not listed here (commands, servers, orchestration of later features) may import any stage, but must not
// be imported by one, and no folders may import each other in a circle.
const STAGE_IMPORTS: Record<string, string[]> = {
  model: [],
  config: ["model"],
  parsers: ["model", "config"],
  fetch: ["model", "config"],
  curate: ["model", "config"],
  publish: ["model", "config", "parsers"],
  digest: ["model", "config", "parsers"],
  store: ["model", "config"],
  ingest: ["model", "config", "parsers", "fetch", "curate", "store"],
};

function folderOf(target: string): string | undefined {
  const relative = path.relative(SRC, target);
  return relative.startsWith("..") ? undefined : relative.split(path.sep)[0].replace(/\.ts$/, "");
}

const folderEdges = [
  ...new Set(
    files.flatMap((file) =>
      importsOf.get(file)!.flatMap((s) => {
        const target = resolved(file, s);
        const [from, to] = [area(file), target && folderOf(target)];
        return to && to !== from ? [`${from} → ${to}`] : [];
      }),
    ),
  ),
].sort();

describe("architecture", () => {
  for (const [folder, allowed] of Object.entries(STAGE_IMPORTS)) {
    it(`src/${folder} imports only ${allowed.length ? allowed.join(", ") : "nothing else"}`, () => {
      const outside = folderEdges.filter((edge) => {
        const [from, to] = edge.split(" → ");
        return from === folder && !allowed.includes(to);
      });
      expect(outside).toEqual([]);
    });
  }

  it("has no circular imports between folders", () => {
    const next = new Map<string, string[]>();
    for (const edge of folderEdges) {
      const [from, to] = edge.split(" → ");
      next.set(from, [...(next.get(from) ?? []), to]);
    }
    const reaches = (from: string, target: string, seen = new Set<string>()): boolean =>
      (next.get(from) ?? []).some(
        (to) => to === target || (!seen.has(to) && (seen.add(to), reaches(to, target, seen))),
      );
    const circles = folderEdges.filter((edge) => {
      const [from, to] = edge.split(" → ");
      return reaches(to, from);
    });
    expect(circles).toEqual([]);
  });

  for (const rule of RULES) {
    it(`${rule.areas.join(", ")}: ${rule.why}`, () => {
      const violations = files
        .filter((file) => rule.areas.includes(area(file)))
        .flatMap((file) =>
          importsOf
            .get(file)!
            .filter((s) => rule.forbidden.test(s))
            .map((s) => `${path.relative(SRC, file)} imports ${s}`),
        );
      expect(violations).toEqual([]);
    });
  }

  it("talks to the network only through src/fetch (its guard and caps apply everywhere)", () => {
    const outside = files.filter((file) => area(file) !== "fetch");
    const offenders = outside.filter((file) => {
      const text = readFileSync(file, "utf8");
      return (
        importsOf.get(file)!.some((s) => /^(undici|node:https?|https?)$/.test(s)) || /(?<![.\w])fetch\(/.test(text)
      );
    });
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it("has no circular imports", () => {
    const graph = new Map(
      files.map((f) => [
        f,
        importsOf
          .get(f)!
          .flatMap((s) => resolved(f, s) ?? [])
          .filter((t) => importsOf.has(t)),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const next of graph.get(file)!) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
