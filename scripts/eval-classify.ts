// Measures classification and story clustering against a hand-labelled JSONL set:
//   npm run eval:classify -- PATH [--taxonomy FILE] [--verbose]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadTaxonomyFile } from "../src/curate/taxonomy-loader.ts";
import { createCurateContext } from "../src/curate/curate-context.ts";
import { curateRecords } from "../src/curate/curate-records.ts";
import type { CuratedRecord } from "../src/curate/curate-records.ts";

interface LabelledItem {
  id: string;
  url?: string;
  outlet?: string;
  date?: string | null;
  title: string;
  text: string;
  relevant: boolean;
  topics: string[];
  countries: string[];
  dup_group: string | null;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function scores({ tp, fp, fn }: Counts): { precision: number; recall: number; f1: number } {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

function setCounts(pairs: Array<[string[], string[]]>): Counts {
  const counts = { tp: 0, fp: 0, fn: 0 };
  for (const [predicted, gold] of pairs) {
    const goldSet = new Set(gold);
    for (const p of new Set(predicted)) goldSet.has(p) ? counts.tp++ : counts.fp++;
    for (const g of goldSet) if (!predicted.includes(g)) counts.fn++;
  }
  return counts;
}

/** Pairs of items put together by `groupOf` versus pairs sharing a gold dup_group. */
function pairCounts(items: LabelledItem[], groupOf: (i: number) => string): Counts {
  const counts = { tp: 0, fp: 0, fn: 0 };
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const gold = items[i].dup_group !== null && items[i].dup_group === items[j].dup_group;
      const predicted = groupOf(i) === groupOf(j);
      if (gold && predicted) counts.tp++;
      else if (predicted) counts.fp++;
      else if (gold) counts.fn++;
    }
  }
  return counts;
}

function duplicateRoot(results: CuratedRecord[], index: number): string {
  const byId = new Map(results.map((r) => [r.id, r]));
  let current = results[index];
  while (current.duplicateOf && byId.has(current.duplicateOf)) current = byId.get(current.duplicateOf) as CuratedRecord;
  return current.id;
}

function line(name: string, s: { precision: number; recall: number; f1: number }, c: Counts): string {
  const f = (x: number) => x.toFixed(3);
  return `${name.padEnd(30)} P ${f(s.precision)}  R ${f(s.recall)}  F1 ${f(s.f1)}   (tp ${c.tp}, fp ${c.fp}, fn ${c.fn})`;
}

async function main(args: string[]): Promise<number> {
  const path = args.find((a) => !a.startsWith("--"));
  if (!path) {
    console.error("usage: npm run eval:classify -- PATH [--taxonomy FILE] [--verbose]");
    return 2;
  }
  const taxonomyIndex = args.indexOf("--taxonomy");
  const taxonomyPath =
    taxonomyIndex >= 0 ? args[taxonomyIndex + 1] : join(process.env.SILKWIRE_CONFIG_DIR ?? "config", "taxonomy.yaml");
  const context = createCurateContext(loadTaxonomyFile(taxonomyPath));
  const items: LabelledItem[] = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  const started = performance.now();
  const results = await curateRecords(
    items.map((item) => ({
      id: item.id,
      title: item.title,
      text: item.text,
      url: item.url,
      date: item.date ?? undefined,
      outlet: item.outlet,
    })),
    context,
  );
  const elapsed = performance.now() - started;
  const relevance = setCounts(items.map((item, i) => [results[i].relevant ? ["y"] : [], item.relevant ? ["y"] : []]));
  const topics = setCounts(items.map((item, i) => [results[i].topics, item.topics]));
  const countries = setCounts(items.map((item, i) => [results[i].countries, item.countries]));
  const stories = pairCounts(items, (i) => results[i].storyId);
  const copies = pairCounts(items, (i) => duplicateRoot(results, i));
  console.log(`${items.length} items, ${elapsed.toFixed(0)} ms`);
  console.log(line("relevance", scores(relevance), relevance));
  console.log(line("topics (micro)", scores(topics), topics));
  console.log(line("countries (micro)", scores(countries), countries));
  console.log(line("dup groups, same story (pairs)", scores(stories), stories));
  console.log(line("dup groups, text copies (pairs)", scores(copies), copies));
  if (args.includes("--verbose")) printDetails(items, results);
  return 0;
}

function printDetails(items: LabelledItem[], results: CuratedRecord[]): void {
  items.forEach((item, i) => {
    const r = results[i];
    const flags = [
      r.relevant !== item.relevant ? `REL ${r.relevance}` : "",
      r.topics.join(",") !== [...item.topics].sort().join(",")
        ? `topics ${r.topics} vs ${[...item.topics].sort()}`
        : "",
      r.countries.join(",") !== [...item.countries].sort().join(",")
        ? `countries ${r.countries} vs ${[...item.countries].sort()}`
        : "",
    ].filter(Boolean);
    console.log(
      `${item.id} story=${r.storyId.slice(6, 14)} dup=${r.duplicateOf ?? "-"} gold=${item.dup_group ?? "-"} ${flags.join(" | ")}`,
    );
  });
}

process.exitCode = await main(process.argv.slice(2));
