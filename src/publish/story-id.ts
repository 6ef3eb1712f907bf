import type { TagScheme } from "../model.ts";

export type { TagScheme };

/**
 * A story's item id: its permanent id in a lowercase tag: URI. It never depends on a headline, URL, position or
 * the server's address, so a reader never sees an item twice after an edit, a re-host or an upgrade.
 */
export function storyTagUri(scheme: TagScheme, storyId: string): string {
  return `tag:${scheme.authority},${scheme.date}:story:${storyId}`.toLowerCase();
}

/** A feed's id: its name and query, so it survives a change of host (PUBLIC_URL). */
export function feedTagUri(scheme: TagScheme, feedKey: string): string {
  return `tag:${scheme.authority},${scheme.date}:feed:${feedKey}`.toLowerCase();
}
