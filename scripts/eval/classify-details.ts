// The labelled items of the classification set and the per-item listing of `--verbose`.
import type { CuratedRecord } from "../../src/curate/article-record.ts";
import type { Counts } from "./cross-validation.ts";

export interface LabelledItem {
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

/** Micro-averaged counts of predicted labels against gold labels. */
export function setCounts(pairs: Array<[string[], string[]]>): Counts {
  const counts = { tp: 0, fp: 0, fn: 0 };
  for (const [predicted, gold] of pairs) {
    const goldSet = new Set(gold);
    for (const p of new Set(predicted)) goldSet.has(p) ? counts.tp++ : counts.fp++;
    for (const g of goldSet) if (!predicted.includes(g)) counts.fn++;
  }
  return counts;
}

export function printDetails(items: LabelledItem[], results: CuratedRecord[]): void {
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
