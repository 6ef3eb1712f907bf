// npm run eval:extract -- DIR
// DIR holds html/<id>.html(.gz), ground-truth.json and score.mjs (the public extraction benchmark's layout).
// Runs the batch extraction, then the benchmark's own scorer, and prints timing and the worst pages.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { runExtractCommand } from "../src/cli/extract-command.ts";
import { extractArticle } from "../src/parsers/article/index.ts";
import { decodeBody } from "../src/parsers/charset.ts";
import { fallbackText } from "./eval/extract-fallback.ts";

const WORST_SHOWN = Number(process.env.EVAL_WORST ?? 5);

async function main(): Promise<number> {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write("usage: npm run eval:extract -- DIR\n");
    return 2;
  }
  const truthPath = join(dir, "ground-truth.json");
  const outPath = join(mkdtempSync(join(tmpdir(), "silkwire-eval-")), "predictions.json");
  const code = await runExtractCommand(["--batch", join(dir, "html"), "--out", outPath, "--url-map", truthPath]);
  if (code !== 0) return code;
  const scoreLine = execFileSync(process.execPath, [join(dir, "score.mjs"), truthPath, outPath], { encoding: "utf8" });
  process.stdout.write(scoreLine);
  const predictions = JSON.parse(readFileSync(outPath, "utf8")) as Record<
    string,
    { articleBody: string; extractMs: number; status: string }
  >;
  printTiming(
    "cold (first pass, as the batch ran)",
    Object.values(predictions).map((p) => p.extractMs),
  );
  printTiming(
    `warm (best of ${WARM_PASSES} passes after one untimed, as a long-running worker sees it)`,
    timeWarmPasses(join(dir, "html")),
  );
  const truth = JSON.parse(readFileSync(truthPath, "utf8")) as Record<string, { articleBody: string; url?: string }>;
  const score = await loadScorer(join(dir, "score.mjs"));
  printHalves(score, truth, predictions);
  printFallback(score, join(dir, "html"), truth);
  printWorst(truth, predictions);
  process.stdout.write(`predictions: ${outPath}\n`);
  return 0;
}

type Scorer = (
  truth: Record<string, unknown>,
  predictions: Record<string, unknown>,
) => { pages: number; f1: number; precision: number; recall: number };

// Two fixed halves of the pages (by a hash of the page id, unrelated to the sites). The rules were written while
// looking at every dev page, so no dev figure is truly unseen; what the halves show is how much the figure moves
// between two samples of 40-odd pages, the least error to expect on pages nobody has looked at. A setting chosen
// on one half and scored on the other is the held-out estimate.
async function loadScorer(scorePath: string): Promise<Scorer> {
  return ((await import(pathToFileURL(scorePath).href)) as { score: Scorer }).score;
}

function printHalves(score: Scorer, truth: Record<string, unknown>, predictions: Record<string, unknown>): void {
  const halves: Array<Record<string, unknown>> = [{}, {}];
  for (const [id, gold] of Object.entries(truth)) halves[pageHalf(id)][id] = gold;
  halves.forEach((half, i) => {
    const m = score(half, predictions);
    const figures = `F1 ${m.f1.toFixed(3)}  precision ${m.precision.toFixed(3)}  recall ${m.recall.toFixed(3)}`;
    process.stdout.write(`half ${"AB"[i]} (${m.pages} pages): ${figures}\n`);
  });
}

function printFallback(score: Scorer, htmlDir: string, truth: Record<string, { url?: string }>): void {
  const predictions: Record<string, { articleBody: string }> = {};
  let ok = 0;
  for (const [id, html] of readPages(htmlDir)) {
    const rescued = fallbackText(html, truth[id]?.url ?? "https://example.com/");
    predictions[id] = { articleBody: rescued.text };
    if (rescued.status === "ok") ok++;
  }
  const m = score(truth, predictions);
  const figures = `F1 ${m.f1.toFixed(3)}  precision ${m.precision.toFixed(3)}  recall ${m.recall.toFixed(3)}`;
  process.stdout.write(`fallback alone (as if every chosen container were empty): ${figures}, ${ok} pages "ok"\n`);
}

function pageHalf(id: string): 0 | 1 {
  return createHash("sha1").update(id).digest()[0] < 128 ? 0 : 1;
}

function printTiming(label: string, ms: number[]): void {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const figures = `median ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms  max ${sorted[sorted.length - 1].toFixed(1)} ms`;
  process.stdout.write(`extraction per page, ${label}: ${figures}\n`);
}

// The first pages of a run pay for JIT compilation; a worker extracting all day does not. Each page's best of
// several passes filters out the noise of other processes sharing the machine's two cores.
const WARM_PASSES = 3;

function readPages(htmlDir: string): Array<[string, string]> {
  return readdirSync(htmlDir)
    .filter((n) => /\.html?(\.gz)?$/i.test(n))
    .map((name) => {
      const raw = new Uint8Array(readFileSync(join(htmlDir, name)));
      const html = decodeBody(name.endsWith(".gz") ? new Uint8Array(gunzipSync(raw)) : raw).text;
      return [name.replace(/\.html?(\.gz)?$/i, ""), html];
    });
}

function timeWarmPasses(htmlDir: string): number[] {
  const pages = readPages(htmlDir).map(([, html]) => html);
  for (const html of pages) extractArticle(html, "https://example.com/");
  const best = pages.map(() => Infinity);
  for (let pass = 0; pass < WARM_PASSES; pass++) {
    pages.forEach((html, i) => {
      const started = performance.now();
      extractArticle(html, "https://example.com/");
      best[i] = Math.min(best[i], performance.now() - started);
    });
  }
  return best;
}

// The same measure as score.mjs, per page, only to rank pages for a human to look at.
function printWorst(
  truth: Record<string, { articleBody: string; url?: string }>,
  predictions: Record<string, { articleBody: string; status: string }>,
): void {
  const rows = Object.entries(truth).map(([id, gold]) => {
    const [precision, recall] = shingleMatch(gold.articleBody, predictions[id]?.articleBody ?? "");
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { id, f1, precision, recall, url: gold.url ?? "", status: predictions[id]?.status ?? "missing" };
  });
  rows.sort((a, b) => a.f1 - b.f1);
  process.stdout.write(`worst ${WORST_SHOWN} pages (F1 precision recall status id url):\n`);
  for (const row of rows.slice(0, WORST_SHOWN)) {
    const figures = [row.f1, row.precision, row.recall].map((x) => x.toFixed(3)).join(" ");
    process.stdout.write(`  ${figures} ${row.status} ${row.id.slice(0, 12)} ${row.url}\n`);
  }
}

function shingleMatch(truth: string, predicted: string): [number, number] {
  const gold = shingles(truth);
  const guess = shingles(predicted);
  let common = 0;
  let goldCount = 0;
  let guessCount = 0;
  for (const count of gold.values()) goldCount += count;
  for (const [key, count] of guess) {
    guessCount += count;
    common += Math.min(count, gold.get(key) ?? 0);
  }
  return [guessCount ? common / guessCount : 0, goldCount ? common / goldCount : 0];
}

function shingles(text: string): Map<string, number> {
  const words = text.match(/[\p{L}\p{M}\p{N}_]+/gu) ?? [];
  const counts = new Map<string, number>();
  for (let i = 0; i + 4 <= Math.max(4, words.length); i++) {
    const key = words.slice(i, i + 4).join(" ");
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

process.exitCode = await main();
