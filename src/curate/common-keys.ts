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
