// How curation scales with parallel curators (npm run bench:curate [-- --articles 1500 --curators 1,2,4]).
// A burst of synthetic articles (stories of one to four reports: an original and reprints with an intro added or
// the ending cut, all within two days, so every window overlaps every other) is stored once; then, for each
// curator count, every article is curated from scratch by that many separate processes (as separate workers),
// each taking its share of the queue. Reports articles/s, the rounds that had to run again (a write refused
// because a story read had changed, or a concurrent curation possibly missed), articles that fell back to the
// exclusive lock, and whether the partition into stories equals the one-curator run's.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createDb, type Db } from "../src/store/client.ts";
import { applyMigrations, ensureDatabase } from "../src/store/migrate.ts";
import { PgCurateStore } from "../src/store/curation-store.ts";
import { curateArticle } from "../src/ingest/curate-article.ts";
import { loadTaxonomyFile } from "../src/config/taxonomy-file.ts";
import { createCurateContext } from "../src/curate/curate-context.ts";
import { random, sentence, vocabulary, type SyntheticArticle } from "./synthetic-text.ts";

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/silkwire_bench_curate";
const START = Date.UTC(2024, 5, 1);
const HOUR_MS = 3_600_000;

const WORDS = vocabulary(random(3), 8000);

/** Stories of one to four reports: the original, then reprints with a new intro or the last paragraph cut. */
function burst(count: number): SyntheticArticle[] {
  const rand = random(count);
  const articles: SyntheticArticle[] = [];
  for (let story = 0; articles.length < count; story++) {
    const paragraphs = Array.from({ length: 4 + Math.floor(rand() * 3) }, () => `${sentence(rand, WORDS, 35)}.`);
    const title = sentence(rand, WORDS, 9);
    const at = START + rand() * 48 * HOUR_MS;
    const reports = 1 + Math.floor(rand() * 4);
    for (let r = 0; r < reports && articles.length < count; r++) {
      const text =
        r === 0 ? paragraphs : r % 2 ? [`${sentence(rand, WORDS, 12)}.`, ...paragraphs] : paragraphs.slice(0, -1);
      articles.push({
        id: randomUUID(),
        url: `https://burst.example/${story}/${r}`,
        sourceId: `source-${(story + r) % 20}`,
        title: r === 0 ? title : `${title} ${sentence(rand, WORDS, 2)}`,
        text: text.join("\n"),
        publishedAt: new Date(at + r * rand() * 6 * HOUR_MS),
      });
    }
  }
  return articles;
}

async function storeBurst(db: Db, count: number): Promise<void> {
  await db.$executeRawUnsafe(`TRUNCATE "Article", "StoryAlias", "Story", "Source" CASCADE`);
  await db.source.createMany({
    data: Array.from({ length: 20 }, (_, i) => ({
      id: `source-${i}`,
      name: `S${i}`,
      url: `https://s${i}.example/`,
      type: "feed",
    })),
  });
  await db.article.createMany({
    data: burst(count).map((a) => ({ ...a, canonicalKey: a.url, originalUrl: a.url, stage: "fetched" as const })),
  });
}

/** Every article back to fetched and uncurated, with no stories: each run curates the same burst from scratch. */
async function resetCuration(db: Db): Promise<void> {
  await db.$executeRawUnsafe(`TRUNCATE "StoryAlias"`);
  await db.$executeRawUnsafe(
    `UPDATE "Article" SET "storyId" = NULL, "duplicateOfId" = NULL, "classifiedAt" = NULL, "contentHash" = NULL,
       "storyKeys" = '{}', "bandHashes" = '{}', fingerprint = NULL, "fingerprintVersion" = NULL, "curatedXid" = NULL, stage = 'fetched'`,
  );
  await db.$executeRawUnsafe(`DELETE FROM "Story"`);
  await db.$executeRawUnsafe(`VACUUM ANALYZE "Article"`);
}

async function partition(db: Db): Promise<string> {
  const rows = await db.$queryRawUnsafe<Array<{ urls: string }>>(
    `SELECT string_agg(url, ' ' ORDER BY url) AS urls FROM "Article" GROUP BY "storyId"`,
  );
  return rows
    .map((r) => r.urls)
    .sort()
    .join("\n");
}

interface WorkerCounts {
  /** CPU time of the curator process while curating (not Postgres's). */
  cpuMs: number;
  curated: number;
  refused: number;
  concurrent: number;
  locked: number;
}

/** One curator process: curates every `of`-th article (in publication order) starting at `index`. */
async function runCurator(index: number, of: number): Promise<void> {
  const db = createDb(DATABASE_URL, 2);
  const context = createCurateContext(loadTaxonomyFile("config/taxonomy.yaml"));
  const store = new PgCurateStore(db);
  const ids = (await db.article.findMany({ orderBy: [{ publishedAt: "asc" }, { id: "asc" }], select: { id: true } }))
    .map((r) => r.id)
    .filter((_, i) => i % of === index);
  const counts: WorkerCounts = { cpuMs: 0, curated: 0, refused: 0, concurrent: 0, locked: 0 };
  // Started and connected: wait for the word, so the timing leaves out process start-up.
  process.stdout.write("ready\n");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  process.stdin.pause();
  const observer = {
    retried: (reason: string) => void (reason === "write refused" ? counts.refused++ : counts.concurrent++),
    locked: () => void counts.locked++,
  };
  const cpu = process.cpuUsage();
  for (const id of ids) {
    await curateArticle(id, store, context, observer);
    counts.curated++;
  }
  const used = process.cpuUsage(cpu);
  counts.cpuMs = (used.user + used.system) / 1000;
  await db.$disconnect();
  process.stdout.write(`${JSON.stringify(counts)}\n`);
}

interface Curator {
  ready: Promise<void>;
  go(): void;
  done: Promise<WorkerCounts>;
}

function curatorProcess(index: number, of: number): Curator {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--curator", `${index}/${of}`], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, BENCH_DATABASE_URL: DATABASE_URL },
  });
  let out = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (chunk) => {
    out += chunk;
    if (out.startsWith("ready\n")) markReady();
  });
  const done = new Promise<WorkerCounts>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop() as string)) : reject(new Error(`curator ${code}`)),
    );
  });
  return { ready, go: () => child.stdin.end("go\n"), done };
}

async function main(args: string[]): Promise<void> {
  const option = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const curator = option("--curator", "");
  if (curator) {
    const [index, of] = curator.split("/").map(Number);
    return runCurator(index, of);
  }
  const count = Number(option("--articles", "1500"));
  const curatorCounts = option("--curators", "1,2,4").split(",").map(Number);
  await ensureDatabase(DATABASE_URL);
  await applyMigrations(DATABASE_URL);
  const db = createDb(DATABASE_URL, 2);
  try {
    await storeBurst(db, count);
    let reference: string | undefined;
    for (const curators of curatorCounts) {
      await resetCuration(db);
      const processes = Array.from({ length: curators }, (_, i) => curatorProcess(i, curators));
      await Promise.all(processes.map((p) => p.ready));
      const started = performance.now();
      for (const p of processes) p.go();
      const counts = await Promise.all(processes.map((p) => p.done));
      const seconds = (performance.now() - started) / 1000;
      const total = (key: keyof WorkerCounts) => counts.reduce((sum, c) => sum + c[key], 0);
      const stories = await db.story.count();
      const current = await partition(db);
      reference ??= current;
      console.log(
        `${curators} curator(s): ${total("curated")} articles in ${seconds.toFixed(1)} s = ${(total("curated") / seconds).toFixed(1)} articles/s; ` +
          `${stories} stories; rounds again: ${total("refused")} writes refused, ${total("concurrent")} concurrent curations; ` +
          `${total("locked")} under the lock; curator CPU ${(total("cpuMs") / total("curated")).toFixed(1)} ms/article; partition ${current === reference ? "equals" : "DIFFERS from"} the first run's`,
      );
    }
  } finally {
    await db.$disconnect();
  }
}

await main(process.argv.slice(2));
