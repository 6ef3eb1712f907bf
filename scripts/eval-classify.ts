// Measures classification and story clustering against a hand-labelled JSONL set:
//   npm run eval:classify -- PATH [--taxonomy FILE] [--folds K] [--verbose]
// Prints the shipped settings' figures, the figures with settings fitted on all items, and cross-validated figures
// (settings chosen on the other folds, scored on the held-out fold; a story's items never straddle folds).
import { readFileSync } from "node:fs";
import { loadTaxonomyFile } from "../src/config/taxonomy-file.ts";
import { taxonomyPath } from "../src/config/paths.ts";
import { createCurateContext } from "../src/curate/curate-context.ts";
import { curateRecords } from "../src/ingest/curate-records.ts";
import type { CuratedRecord } from "../src/curate/article-record.ts";
import { scoreArticle, decideClassification, TOPIC_WEIGHTS } from "../src/curate/classify-article.ts";
import type { ArticleScores, ClassifyOptions } from "../src/curate/classify-article.ts";
import type { CurateContext } from "../src/curate/curate-context.ts";
import type { Classification } from "../src/model.ts";
import { DEFAULT_STORY_SETTINGS } from "../src/config/story-settings.ts";
import type { StorySettings } from "../src/config/story-settings.ts";
import type { Taxonomy } from "../src/config/taxonomy.ts";
import { addCounts, crossValidate, groupFolds, scores } from "./eval/cross-validation.ts";
import type { Counts, Tunable, TuningReport } from "./eval/cross-validation.ts";
import { bcubed, clusterResult, poolClusters } from "./eval/cluster-metrics.ts";
import type { ClusterResult } from "./eval/cluster-metrics.ts";
import { printDetails, setCounts } from "./eval/classify-details.ts";
import type { LabelledItem } from "./eval/classify-details.ts";

const f3 = (x: number) => x.toFixed(3);

interface ClassifySpec {
  name: string;
  /** One number, or several tuned jointly (the topic weights and minimum). */
  shipped: number[];
  grid: number[][];
  options(value: number[]): ClassifyOptions;
  field(item: LabelledItem, predicted: Classification): [string[], string[]];
}

const product = (...axes: number[][]): number[][] =>
  axes.reduce<number[][]>((acc, axis) => acc.flatMap((prefix) => axis.map((v) => [...prefix, v])), [[]]);

function classifySpecs(taxonomy: Taxonomy): ClassifySpec[] {
  return [
    {
      name: "relevance (threshold)",
      shipped: [taxonomy.relevanceThreshold],
      grid: product(range(0.1, 0.9, 0.05)),
      options: ([threshold]) => ({ threshold }),
      field: (item, p) => [p.relevant ? ["y"] : [], item.relevant ? ["y"] : []],
    },
    {
      name: "topics, micro (weights title,lead,body and min score)",
      shipped: [TOPIC_WEIGHTS.title, TOPIC_WEIGHTS.lead, TOPIC_WEIGHTS.body, taxonomy.topicMinScore],
      grid: product([2, 3, 4], [1, 1.5, 2, 2.5, 3], [0.5, 1, 1.5], range(1.5, 6, 0.5)),
      options: ([title, lead, body, topicMinScore]) => ({ topicWeights: { title, lead, body }, topicMinScore }),
      field: (item, p) => [p.topics, item.topics],
    },
    {
      name: "countries, micro (body chars per mention)",
      shipped: [1500],
      grid: product([100, 200, 300, 500, 1000, 1500, 3000]),
      options: ([countryBodyChars]) => ({ countryBodyChars }),
      field: (item, p) => [p.countries, item.countries],
    },
  ];
}

function classifyTunable(
  items: LabelledItem[],
  articleScores: ArticleScores[],
  context: CurateContext,
  spec: ClassifySpec,
): Tunable<number[], Counts> {
  return {
    grid: spec.grid,
    shipped: spec.shipped,
    evaluate: (indices, value) =>
      setCounts(
        indices.map((i) =>
          spec.field(items[i], decideClassification(articleScores[i], context.classifier, spec.options(value))),
        ),
      ),
    pool: addCounts,
    objective: (c) => scores(c).f1,
    distance: (a, b) => a.reduce((sum, x, i) => sum + Math.abs(x - b[i]) / Math.max(1, Math.abs(b[i])), 0),
  };
}

function storyTunable(
  items: LabelledItem[],
  taxonomy: Taxonomy,
  setting: keyof StorySettings,
  grid: readonly number[],
): Tunable<number, ClusterResult> {
  const cache = new Map<string, Promise<ClusterResult>>();
  const run = async (indices: number[], value: number) => {
    const context = createCurateContext(taxonomy, { ...DEFAULT_STORY_SETTINGS, [setting]: value });
    const results = await curateRecords(
      indices.map((i) => recordOf(items[i])),
      context,
    );
    return clusterResult(
      indices.map((i) => goldStory(items[i])),
      results.map((r) => r.storyId),
    );
  };
  return {
    grid: [...grid],
    shipped: DEFAULT_STORY_SETTINGS[setting] as number,
    evaluate: (indices, value) => {
      const key = `${value}|${indices.join(",")}`;
      if (!cache.has(key)) cache.set(key, run(indices, value));
      return cache.get(key) as Promise<ClusterResult>;
    },
    pool: poolClusters,
    // Precision counts double (B-cubed F0.5): a story merged into another hides it from the reader, a repeat only
    // costs a glance, and the goal on unseen data asks P >= 0.95 but R >= 0.85.
    objective: (r) => fBeta(bcubed(r), 0.5),
    distance: (a, b) => Math.abs(a - b),
  };
}

const fBeta = ({ precision, recall }: { precision: number; recall: number }, beta: number) =>
  precision + recall === 0 ? 0 : ((1 + beta * beta) * precision * recall) / (beta * beta * precision + recall);

const goldStory = (item: LabelledItem) => item.dup_group ?? `single:${item.id}`;

function recordOf(item: LabelledItem) {
  return {
    id: item.id,
    title: item.title,
    text: item.text,
    url: item.url,
    date: item.date ?? undefined,
    outlet: item.outlet,
  };
}

function countsLine(name: string, report: TuningReport<number[], Counts>): string {
  const cell = (c: Counts) => {
    const s = scores(c);
    return `P ${f3(s.precision)} R ${f3(s.recall)} F1 ${f3(s.f1)}`;
  };
  return [
    `${name}`,
    `  shipped          ${cell(report.shipped)}`,
    `  fitted           ${cell(report.fitted.result)}   chosen: ${report.fitted.value.join(",")}`,
    `  cross-validated  ${cell(report.crossValidated.result)}   chosen per fold: ${report.crossValidated.values.map((v) => v.join(",")).join(" ")}`,
  ].join("\n");
}

function clusterCell(r: ClusterResult): string {
  const pairs = scores(r.pairs);
  const b = bcubed(r);
  return (
    `pairs P ${f3(pairs.precision)} R ${f3(pairs.recall)} | B3 P ${f3(b.precision)} R ${f3(b.recall)} F1 ${f3(b.f1)}` +
    ` | extra items ${r.extraItems}, merged stories ${r.mergedStories}`
  );
}

function clusterLines(name: string, report: TuningReport<number, ClusterResult>): string {
  return [
    `${name} (cross-validated: scored within each held-out fold)`,
    `  shipped          ${clusterCell(report.shipped)}`,
    `  fitted           ${clusterCell(report.fitted.result)}   chosen: ${report.fitted.value}`,
    `  cross-validated  ${clusterCell(report.crossValidated.result)}   chosen: ${report.crossValidated.values.join(" ")}`,
  ].join("\n");
}

function duplicateRoot(results: CuratedRecord[], index: number): string {
  const byId = new Map(results.map((r) => [r.id, r]));
  let current = results[index];
  while (current.duplicateOf && byId.has(current.duplicateOf)) current = byId.get(current.duplicateOf) as CuratedRecord;
  return current.id;
}

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);

async function main(args: string[]): Promise<number> {
  const path = args.find((a, i) => !a.startsWith("--") && !["--taxonomy", "--folds"].includes(args[i - 1]));
  if (!path) {
    console.error("usage: npm run eval:classify -- PATH [--taxonomy FILE] [--folds K] [--verbose]");
    return 2;
  }
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const taxonomy = loadTaxonomyFile(option("--taxonomy") ?? taxonomyPath());
  const context = createCurateContext(taxonomy);
  const items: LabelledItem[] = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  const started = performance.now();
  const results = await curateRecords(items.map(recordOf), context);
  console.log(`${items.length} items, ${(performance.now() - started).toFixed(0)} ms (shipped settings, all items)`);
  const all = clusterResult(
    items.map(goldStory),
    results.map((r) => r.storyId),
  );
  console.log(`stories, all items together: ${clusterCell(all)}`);
  const copies = setCountsOfCopies(items, results);
  console.log(`text copies (pairs): P ${f3(scores(copies).precision)} R ${f3(scores(copies).recall)}`);
  const folds = groupFolds(items.map(goldStory), Number(option("--folds") ?? 5));
  console.log(`\n${folds.length}-fold cross-validation, folds of ${folds.map((f) => f.length).join("/")} items\n`);
  const articleScores = items.map((item) => scoreArticle({ title: item.title, text: item.text }, context.classifier));
  for (const spec of classifySpecs(taxonomy))
    console.log(
      countsLine(spec.name, await crossValidate(classifyTunable(items, articleScores, context, spec), folds)),
    );
  // One setting at a time, the others at their shipped values: a joint grid would cost minutes per run.
  for (const [setting, grid] of [
    ["sameStorySimilarity", range(0.1, 0.45, 0.05)],
    ["crossLanguageScale", range(0.4, 1, 0.2)],
    ["sameStoryDecayDays", [2, 3, 5, 7, 10, 14]],
  ] as const) {
    const stories = storyTunable(items, taxonomy, setting, grid);
    console.log(clusterLines(`stories (${setting})`, await crossValidate(stories, folds)));
  }
  if (args.includes("--verbose")) printDetails(items, results);
  return 0;
}

function setCountsOfCopies(items: LabelledItem[], results: CuratedRecord[]): Counts {
  const gold = items.map(goldStory);
  return clusterResult(
    gold,
    results.map((_, i) => duplicateRoot(results, i)),
  ).pairs;
}

process.exitCode = await main(process.argv.slice(2));
