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
  const counted = keys.map((key) => ({ key, articles: frequencies.articlesWith(key) }));
  const selective = counted.filter((k) => !isCommonKey(k.articles, frequencies.total)).map((k) => k.key);
  if (selective.length || !counted.length) return selective;
  const rarest = counted.reduce((a, b) =>
    b.articles < a.articles || (b.articles === a.articles && b.key < a.key) ? b : a,
  );
  return [rarest.key];
}

/**
 * The same for an article's LSH bands: the indices of those that find copies, or undefined when none is common (all
 * find). A band hash that a large share of the archive holds comes from text they all share (a template, a
 * standing paragraph), not from a copy: at 5,000 articles of the benchmark one band hash was in 1,448, and the band
 * query ranked every one of them. Copies share most of their bands, the uncommon ones among them, and every band
 * still counts when the candidates found are ranked. When every band is common, the rarest one finds.
 */
export function selectiveBands(bands: bigint[], frequencies: KeyFrequencies): number[] | undefined {
  const counted = bands.map((hash, band) => ({ band, articles: frequencies.articlesWithBand(band, hash) }));
  const selective = counted.filter((b) => !isCommonKey(b.articles, frequencies.total)).map((b) => b.band);
  if (selective.length === bands.length) return undefined;
  if (selective.length) return selective;
  const rarest = counted.reduce((a, b) => (b.articles < a.articles ? b : a));
  return [rarest.band];
}
