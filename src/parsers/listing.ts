import { load, type Cheerio } from "cheerio";
import type { Element } from "domhandler";
import type { FeedItem, ListingSelectors } from "../model.ts";
import { resolveUrl } from "./resolve-url.ts";
import { parseLooseDate } from "./dates.ts";
import { collapseWhitespace } from "./text.ts";

/**
 * Reads the stories of a listing page (a source with no feed) with the CSS selectors from its config.
 * `selectors.link` may match the item element itself (when each item is an <a>). Links resolve against the page,
 * or its <base href>; the first occurrence of a URL wins.
 */
export function parseListing(html: string, pageUrl: string, selectors: ListingSelectors): FeedItem[] {
  const $ = load(html);
  const base = resolveUrl($("base[href]").attr("href"), pageUrl) ?? pageUrl;
  const seen = new Set<string>();
  const items: FeedItem[] = [];
  const elements = $(selectors.item)
    .toArray()
    .filter((node): node is Element => node.type === "tag");
  for (const element of elements) {
    const item = readItem($(element), selectors, base);
    if (item && !seen.has(item.url)) {
      seen.add(item.url);
      items.push(item);
    }
  }
  return items;
}

function readItem(node: Cheerio<Element>, selectors: ListingSelectors, base: string): FeedItem | undefined {
  const link = node.is(selectors.link) ? node : node.find(selectors.link).first();
  const url = resolveUrl(link.attr("href"), base);
  if (!url) return undefined;
  const titleNode = selectors.title ? node.find(selectors.title).first() : link;
  const title = collapseWhitespace(titleNode.text()) || collapseWhitespace(link.attr("title") ?? "") || url;
  const dateNode = selectors.date ? node.find(selectors.date).first() : node.find("time").first();
  const publishedAt = parseLooseDate(dateNode.attr("datetime") ?? dateNode.attr("content") ?? dateNode.text());
  const summary = selectors.summary ? collapseWhitespace(node.find(selectors.summary).first().text()) : "";
  return { url, title, publishedAt, summary: summary || undefined };
}
