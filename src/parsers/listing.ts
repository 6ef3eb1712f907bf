import { load, type Cheerio } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { FeedItem, ListingSelectors, ParsedFeed } from "../model.ts";
import { resolveUrl } from "./resolve-url.ts";
import { parseLooseDate } from "./dates.ts";
import { collapseWhitespace, nodeText } from "./text.ts";
import { ParseError, droppedBecause, itemLabel } from "./errors.ts";
import { PAGE_HTML_LIMITS, assertHtmlWithinLimits, HtmlLimitError } from "./html-limits.ts";

/**
 * Reads the stories of a listing page (a source with no feed) with the CSS selectors from its config.
 * `selectors.link` may match the item element itself (when each item is an <a>). Links resolve against the page,
 * or its <base href>; the first occurrence of a URL wins. A page beyond the size and depth limits is a ParseError
 * (it is only ever cut to its first `maxChars`, where the newest stories are).
 */
export function parseListing(html: string, pageUrl: string, selectors: ListingSelectors): ParsedFeed {
  const page = html.length > PAGE_HTML_LIMITS.maxChars ? html.slice(0, PAGE_HTML_LIMITS.maxChars) : html;
  try {
    assertHtmlWithinLimits(page, PAGE_HTML_LIMITS);
  } catch (error) {
    if (error instanceof HtmlLimitError) throw new ParseError(pageUrl, error.message, { cause: error });
    throw error;
  }
  const $ = load(page);
  const base = resolveUrl($("base[href]").attr("href"), pageUrl) ?? pageUrl;
  const seen = new Set<string>();
  const parsed: ParsedFeed = { items: [], dropped: [] };
  const elements = $(selectors.item)
    .toArray()
    .filter((node): node is Element => node.type === "tag");
  for (const element of elements) {
    try {
      const item = readItem($(element), selectors, base);
      if (item && !seen.has(item.url)) {
        seen.add(item.url);
        parsed.items.push(item);
      }
    } catch (error) {
      parsed.dropped.push(droppedBecause(itemLabel($(element).find("a").attr("href")), error));
    }
  }
  return parsed;
}

function textOf(node: Cheerio<AnyNode>): string {
  const first = node.toArray()[0];
  return first ? collapseWhitespace(nodeText(first)) : "";
}

function readItem(node: Cheerio<Element>, selectors: ListingSelectors, base: string): FeedItem | undefined {
  const link = node.is(selectors.link) ? node : node.find(selectors.link).first();
  const url = resolveUrl(link.attr("href"), base);
  if (!url) return undefined;
  const titleNode = selectors.title ? node.find(selectors.title).first() : link;
  const title = textOf(titleNode) || collapseWhitespace(link.attr("title") ?? "") || url;
  const dateNode = selectors.date ? node.find(selectors.date).first() : node.find("time").first();
  const publishedAt = parseLooseDate(dateNode.attr("datetime") ?? dateNode.attr("content") ?? textOf(dateNode));
  const summary = selectors.summary ? textOf(node.find(selectors.summary).first()) : "";
  return { url, title, publishedAt, summary: summary || undefined };
}
