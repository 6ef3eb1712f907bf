import type { FeedItem } from "../model.ts";

/**
 * A source's include/exclude keywords, matched case-insensitively against title and summary. An item passes when
 * it matches any include keyword (or none are set) and no exclude keyword.
 */
export function passesKeywordFilter(item: FeedItem, include: string[], exclude: string[]): boolean {
  const haystack = `${item.title}\n${item.summary ?? ""}`.toLowerCase();
  const has = (keyword: string) => haystack.includes(keyword.toLowerCase());
  return (include.length === 0 || include.some(has)) && !exclude.some(has);
}
