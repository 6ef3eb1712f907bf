import { load, type CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { FeedItem, ParsedFeed } from "../model.ts";
import { resolveUrl } from "./resolve-url.ts";
import { parseLooseDate } from "./dates.ts";
import { htmlToPlainText, nodeText } from "./text.ts";
import { droppedBecause, itemLabel } from "./errors.ts";
import { parseBoundedHtml, type HtmlLimits } from "./html-limits.ts";

// One item's XML (its content included): generous for real items, small enough that a bad one parses quickly.
const ITEM_XML_LIMITS: HtmlLimits = { maxChars: 2_000_000, maxDepth: 256 };
const ITEM_START = /<(item|entry)[\s>/]/gi;

/**
 * Recovers items from XML that a strict parser rejects, using htmlparser2's forgiving XML mode. The document is cut
 * at each item's start tag and every item parsed on its own, within limits: raw markup in a broken feed can nest
 * without end, and then only that item is dropped. Text is taken with nodeText (iterative), never cheerio's
 * recursive .text().
 */
export function parseFeedLeniently(xml: string, feedUrl: string): ParsedFeed {
  const starts = [...xml.matchAll(ITEM_START)].map((match) => match.index);
  const head = load(parseBoundedHtml(xml.slice(0, starts[0] ?? xml.length), ITEM_XML_LIMITS, "xml"));
  const siteUrl = firstText(head("channel > link").toArray()) || feedUrl;
  const parsed: ParsedFeed = { items: [], dropped: [], title: feedTitle(head) };
  starts.forEach((start, index) => {
    const chunk = xml.slice(start, starts[index + 1] ?? xml.length);
    try {
      parsed.items.push(...lenientItem(load(parseBoundedHtml(chunk, ITEM_XML_LIMITS, "xml")), siteUrl, feedUrl));
    } catch (error) {
      parsed.dropped.push(droppedBecause(itemLabel(tagText(chunk, "guid"), tagText(chunk, "link")), error));
    }
  });
  return parsed;
}

function firstText(nodes: AnyNode[]): string {
  return nodes[0] ? nodeText(nodes[0]).trim() : "";
}

/** A GUID or link read from raw text, for naming an item that could not be parsed. */
function tagText(chunk: string, tag: string): string | undefined {
  return new RegExp(`<${tag}[^>]*>([^<]{1,300})<`, "i").exec(chunk)?.[1];
}

function feedTitle($: CheerioAPI): string | undefined {
  try {
    return htmlToPlainText(firstText($("channel > title, feed > title").toArray())) || undefined;
  } catch {
    // The feed's own title is decoration: one over the HTML limits is left out rather than failing the feed.
    return undefined;
  }
}

function lenientItem($: CheerioAPI, siteUrl: string, feedUrl: string): FeedItem[] {
  const node = $("item, entry").first();
  if (!node.length) return [];
  const field = (selector: string) => firstText(node.children(selector).toArray()) || undefined;
  const atomLink = node.children("link[rel='alternate'], link:not([rel])").attr("href");
  const url = resolveUrl(atomLink ?? field("link") ?? field("guid"), siteUrl, feedUrl);
  if (!url) return [];
  const contentHtml = field("content\\:encoded") ?? field("content");
  const atomAuthor = node.children("author").children("name").toArray() as Element[];
  return [
    {
      url,
      guid: field("guid") ?? field("id"),
      title: htmlToPlainText(field("title")) || url,
      // An empty Atom <name> must not hide an RSS <author>: only non-empty text counts.
      author: field("dc\\:creator") ?? (firstText(atomAuthor) || field("author")),
      publishedAt: parseLooseDate(field("pubDate") ?? field("published") ?? field("dc\\:date") ?? field("updated")),
      summary: htmlToPlainText(field("description") ?? field("summary") ?? contentHtml) || undefined,
      contentHtml,
    },
  ];
}
