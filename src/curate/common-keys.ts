// Which of an article's story keys the time-window pre-filter matches on. A key most stored articles carry (a
// country of the region's focus, "cooperation") cannot tell a story apart, and matching on it made the window query
// read every article of a 14-day window: 3,586 rows and ~120 ms of Postgres per curation at 5,000 articles, growing
// with the archive. Such keys still count when candidates are ranked; they only no longer find them.
import type { KeyFrequencies } from "../model.ts";

export type { KeyFrequencies } from "../model.ts";

/** A key carried by more than this share of stored articles is common ... */
export const COMMON_KEY_SHARE = 0.05;
/** ... once it is carried by more than this many: in a small archive no key is common, and nothing changes. */
export const COMMON_KEY_MIN_ARTICLES = 200;

export function isCommonKey(articles: number, total: number): boolean {
  return articles > COMMON_KEY_MIN_ARTICLES && articles > COMMON_KEY_SHARE * total;
}

/**
 * The keys to find window candidates by: those that are not common; when every key is, the rarest one alone, so an
 * article of only common words still meets the few articles that share its least common one.
 */
export function selectiveKeys(keys: string[], frequencies: KeyFrequencies): string[] {
  const articles = keys.map((key) => frequencies.articlesWith(key));
  return findingIndices(articles, frequencies.total, (i, j) => keys[i] < keys[j]).map((i) => keys[i]);
}

/**
 * The same for an article's LSH bands: the indices of those that find copies, or undefined when none is common (all
 * find). A band hash that a large share of the archive holds comes from text they all share (a template, a
 * standing paragraph), not from a copy: at 5,000 articles of the benchmark one band hash was in 1,448, and the band
 * query ranked every one of them. Copies share most of their bands, the uncommon ones among them, and every band
 * still counts when the candidates found are ranked. When every band is common, the rarest one finds.
 */
export function selectiveBands(bands: bigint[], frequencies: KeyFrequencies): number[] | undefined {
  const articles = bands.map((hash, band) => frequencies.articlesWithBand(band, hash));
  const finding = findingIndices(articles, frequencies.total, () => false);
  return finding.length === bands.length ? undefined : finding;
}

/**
 * Indices of the items (counted by how many stored articles carry each) that are not common; when every one is, the
 * rarest alone, `before(i, j)` deciding between equally rare ones (the first otherwise).
 */
function findingIndices(articles: number[], total: number, before: (i: number, j: number) => boolean): number[] {
  const selective = articles.flatMap((count, i) => (isCommonKey(count, total) ? [] : [i]));
  if (selective.length || !articles.length) return selective;
  let rarest = 0;
  for (let i = 1; i < articles.length; i++) {
    if (articles[i] < articles[rarest] || (articles[i] === articles[rarest] && before(i, rarest))) rarest = i;
  }
  return [rarest];
}
