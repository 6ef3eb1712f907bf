import type { DroppedItem } from "../model.ts";
import { HtmlLimitError } from "./html-limits.ts";

/** A document that cannot be read as what the source says it is (not a feed, broken beyond recovery). */
export class ParseError extends Error {
  readonly url: string;

  constructor(url: string, message: string, options?: { cause?: unknown }) {
    super(`${url}: ${message}`, options);
    this.name = "ParseError";
    this.url = url;
  }
}

/** One item of a document that cannot be used; the rest of the document still is. */
export class ItemError extends Error {
  readonly item: string;
  readonly reason: string;

  constructor(item: string, reason: string, options?: { cause?: unknown }) {
    super(`${item}: ${reason}`, options);
    this.name = "ItemError";
    this.item = item;
    this.reason = reason;
  }
}

const MAX_LABEL_CHARS = 200;

/** How a dropped item is named in the record: its GUID or link, cut short (the reason may be that it is huge). */
export function itemLabel(...candidates: Array<string | undefined>): string {
  const label = candidates.find((c) => c?.trim())?.trim() ?? "(item without link or GUID)";
  return label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS)}…` : label;
}

/**
 * The record of an item dropped because reading it threw. Limits and our own ItemErrors carry their reason; a
 * RangeError or a library's exception is a parser failure on hostile input and is recorded as such, with its message.
 */
export function droppedBecause(item: string, error: unknown): DroppedItem {
  if (error instanceof ItemError) return { item, reason: error.reason };
  if (error instanceof HtmlLimitError) return { item, reason: error.message };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { item, reason: `unreadable: ${message.slice(0, 300)}` };
}
