import { describe, expect, it } from "vitest";
import { bcubed, clusterResult } from "../../scripts/eval/cluster-metrics.ts";
import { crossValidate, groupFolds, scores } from "../../scripts/eval/cross-validation.ts";
import type { Counts, Tunable } from "../../scripts/eval/cross-validation.ts";

describe("story cluster metrics", () => {
  it("counts a split story as extra items and a merge as lost B-cubed precision", () => {
    // Gold: story a (3 reports), b (1), c (1). Predicted: a split in two, b merged into c.
    const gold = ["a", "a", "a", "b", "c"];
    const predicted = ["x", "x", "y", "z", "z"];
    const result = clusterResult(gold, predicted);
    expect(result.extraItems).toBe(0); // 3 shown for 3 true stories: one split and one merge cancel out
    expect(result.mergedStories).toBe(1);
    expect(result.pairs).toEqual({ tp: 1, fp: 1, fn: 2 });
    const b = bcubed(result);
    expect(b.precision).toBeCloseTo((1 + 1 + 1 + 0.5 + 0.5) / 5, 6);
    expect(b.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5, 6);
  });

  it("shows a reader one item per story when clustering is perfect", () => {
    const result = clusterResult(["a", "a", "b"], ["s1", "s1", "s2"]);
    expect(result.extraItems).toBe(0);
    expect(bcubed(result).f1).toBe(1);
  });
});

describe("cross-validation", () => {
  it("never puts reports of one story into different folds", () => {
    const groups = ["s1", "s1", "s1", "s2", "s3", "s3", "s4", "s5", "s6", "s6"];
    const folds = groupFolds(groups, 3);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(groups.map((_, i) => i));
    for (const fold of folds) {
      for (const i of fold)
        for (let j = 0; j < groups.length; j++) if (groups[j] === groups[i]) expect(fold).toContain(j);
    }
  });

  it("scores each fold with a threshold chosen without it, so a fitted threshold does not flatter the figure", async () => {
    // Only fold 0's two positives need the low threshold: fitted on everything it is chosen, but when fold 0 is
    // held out the other folds choose the high one and fold 0's positives are missed.
    const data = [
      { score: 0.4, positive: true },
      { score: 0.4, positive: true },
      { score: 0.6, positive: true },
      { score: 0.5, positive: false },
      { score: 0.7, positive: true },
      { score: 0.55, positive: false },
    ];
    const tunable: Tunable<number, Counts> = {
      grid: [0.35, 0.58],
      shipped: 0.35,
      evaluate: (indices, t) => {
        const c = { tp: 0, fp: 0, fn: 0 };
        for (const i of indices) {
          const predicted = data[i].score >= t;
          if (predicted && data[i].positive) c.tp++;
          else if (predicted) c.fp++;
          else if (data[i].positive) c.fn++;
        }
        return c;
      },
      pool: (a, b) => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn }),
      objective: (c) => scores(c).f1,
      distance: (a, b) => Math.abs(a - b),
    };
    const report = await crossValidate(tunable, [
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(report.fitted.value).toBe(0.35);
    expect(scores(report.fitted.result).f1).toBeCloseTo(0.8, 6);
    expect(report.crossValidated.values).toEqual([0.58, 0.35, 0.35]);
    expect(report.crossValidated.result).toEqual({ tp: 2, fp: 2, fn: 2 });
  });
});
