// Cross-validation for the evaluation scripts: thresholds are chosen on the training folds and scored on the held-out
// fold, so a figure is not flattered by settings fitted to the very items it is measured on.
import { createHash } from "node:crypto";

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export function scores({ tp, fp, fn }: Counts): Scores {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
}

/**
 * Folds of item indices. Items sharing a group (copies and write-ups of one story) always fall in the same fold:
 * otherwise a copy in the training folds would teach the answer for its twin in the held-out fold. Groups are
 * dealt round-robin in the order of a hash of their key, so the split is fixed but unrelated to the file's order.
 */
export function groupFolds(groups: string[], k: number): number[][] {
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => byGroup.set(g, [...(byGroup.get(g) ?? []), i]));
  const hash = (key: string) => createHash("sha1").update(key).digest("hex");
  const ordered = [...byGroup.keys()].sort((a, b) => hash(a).localeCompare(hash(b)));
  // Largest groups first, each to the currently smallest fold, keeps the folds near equal in size.
  ordered.sort((a, b) => (byGroup.get(b)?.length ?? 0) - (byGroup.get(a)?.length ?? 0));
  const folds: number[][] = Array.from({ length: k }, () => []);
  for (const group of ordered) {
    const smallest = folds.reduce((best, fold, i) => (fold.length < folds[best].length ? i : best), 0);
    folds[smallest].push(...(byGroup.get(group) ?? []));
  }
  return folds.map((fold) => fold.sort((a, b) => a - b));
}

/** A setting to tune: candidate values, how to score a subset of items with one, and how to compare outcomes. */
export interface Tunable<P, R> {
  grid: P[];
  /** The shipped value: ties are broken towards it, so CV only moves a setting when the data says so. */
  shipped: P;
  evaluate(indices: number[], value: P): R | Promise<R>;
  /** Outcomes of separate folds pooled into one. */
  pool(a: R, b: R): R;
  objective(result: R): number;
  distance(a: P, b: P): number;
}

export interface TuningReport<P, R> {
  shipped: R;
  /** Chosen on every item and scored on the same items: the optimistic figure. */
  fitted: { value: P; result: R };
  /** Chosen on the other folds, scored on each held-out fold, pooled. */
  crossValidated: { values: P[]; result: R };
}

async function choose<P, R>(tunable: Tunable<P, R>, indices: number[]): Promise<{ value: P; result: R }> {
  let best: { value: P; result: R; objective: number } | undefined;
  for (const value of tunable.grid) {
    const result = await tunable.evaluate(indices, value);
    const objective = tunable.objective(result);
    const closer = best && tunable.distance(value, tunable.shipped) < tunable.distance(best.value, tunable.shipped);
    if (!best || objective > best.objective + 1e-9 || (Math.abs(objective - best.objective) <= 1e-9 && closer))
      best = { value, result, objective };
  }
  if (!best) throw new Error("empty grid");
  return best;
}

export async function crossValidate<P, R>(tunable: Tunable<P, R>, folds: number[][]): Promise<TuningReport<P, R>> {
  const all = folds.flat().sort((a, b) => a - b);
  const shipped = await tunable.evaluate(all, tunable.shipped);
  const fitted = await choose(tunable, all);
  const values: P[] = [];
  let pooled: R | undefined;
  for (const [f, test] of folds.entries()) {
    const train = folds.filter((_, g) => g !== f).flat();
    const { value } = await choose(tunable, train);
    values.push(value);
    const result = await tunable.evaluate(test, value);
    pooled = pooled === undefined ? result : tunable.pool(pooled, result);
  }
  return {
    shipped,
    fitted: { value: fitted.value, result: fitted.result },
    crossValidated: { values, result: pooled as R },
  };
}
