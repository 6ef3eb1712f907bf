// Story clusters scored as a reader meets them: pairs, B-cubed, and how many more items are shown than there are
// stories. `gold` and `predicted` give each item's story; an item without a gold story is a story of its own.

import type { Counts } from "./cross-validation.ts";

export interface ClusterResult {
  pairs: Counts;
  /** Sums over items of B-cubed precision and recall, and the number of items: pooled across folds by adding. */
  bcubedPrecisionSum: number;
  bcubedRecallSum: number;
  items: number;
  /** Predicted stories minus true stories: the repeats a reader scrolls past (negative when stories were merged). */
  extraItems: number;
  /** Predicted stories holding items of more than one true story. */
  mergedStories: number;
}

export function clusterResult(gold: string[], predicted: string[]): ClusterResult {
  const pairs = { tp: 0, fp: 0, fn: 0 };
  for (let i = 0; i < gold.length; i++) {
    for (let j = i + 1; j < gold.length; j++) {
      const same = gold[i] === gold[j];
      const joined = predicted[i] === predicted[j];
      if (same && joined) pairs.tp++;
      else if (joined) pairs.fp++;
      else if (same) pairs.fn++;
    }
  }
  let bcubedPrecisionSum = 0;
  let bcubedRecallSum = 0;
  for (let i = 0; i < gold.length; i++) {
    let both = 0;
    let inPredicted = 0;
    let inGold = 0;
    for (let j = 0; j < gold.length; j++) {
      const joined = predicted[i] === predicted[j];
      const same = gold[i] === gold[j];
      if (joined) inPredicted++;
      if (same) inGold++;
      if (joined && same) both++;
    }
    bcubedPrecisionSum += both / inPredicted;
    bcubedRecallSum += both / inGold;
  }
  const goldOf = new Map<string, Set<string>>();
  predicted.forEach((p, i) => goldOf.set(p, (goldOf.get(p) ?? new Set()).add(gold[i])));
  return {
    pairs,
    bcubedPrecisionSum,
    bcubedRecallSum,
    items: gold.length,
    extraItems: new Set(predicted).size - new Set(gold).size,
    mergedStories: [...goldOf.values()].filter((s) => s.size > 1).length,
  };
}

export function poolClusters(a: ClusterResult, b: ClusterResult): ClusterResult {
  return {
    pairs: { tp: a.pairs.tp + b.pairs.tp, fp: a.pairs.fp + b.pairs.fp, fn: a.pairs.fn + b.pairs.fn },
    bcubedPrecisionSum: a.bcubedPrecisionSum + b.bcubedPrecisionSum,
    bcubedRecallSum: a.bcubedRecallSum + b.bcubedRecallSum,
    items: a.items + b.items,
    extraItems: a.extraItems + b.extraItems,
    mergedStories: a.mergedStories + b.mergedStories,
  };
}

export function bcubed(r: ClusterResult): { precision: number; recall: number; f1: number } {
  const precision = r.bcubedPrecisionSum / r.items;
  const recall = r.bcubedRecallSum / r.items;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}
