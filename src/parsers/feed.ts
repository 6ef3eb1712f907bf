import Parser from "rss-parser";
import type { FeedItem, ParsedFeed } from "../model.ts";
import { ParseError, droppedBecause, itemLabel } from "./errors.ts";
import { parseFeedLeniently } from "./feed-lenient.ts";
import { parseLooseDate } from "./dates.ts";
import { htmlToPlainText } from "./text.ts";
import { HtmlLimitError, assertHtmlWithinLimits } from "./html-limits.ts";
import { breather } from "./breather.ts";
import { resolveUrl } from "./resolve-url.ts";

type RawItem = Parser.Item & Record<string, unknown>;

// A feed's own structure is a few levels deep (Atom XHTML content a few more). Past this, xml2js recurses until the
// stack overflows after quadratic work, so such a document goes straight to the lenient per-item reader.
const FEED_XML_LIMITS = { maxChars: Number.MAX_SAFE_INTEGER, maxDepth: 128 };

const parser = new Parser<Record<string, unknown>, RawItem>({
  customFields: {
    feed: ["language", "dc:language"],
    item: ["dc:creator", "dc:date", "dc:language", "updated", "published", "description", ["media:content", "media"]],
  },
});

/**
 * Reads RSS 0.9x/1.0/2.0 or Atom from an already decoded string. Documents strict XML parsing rejects are read
 * again by a tolerant parser, because real feeds are often slightly broken (bad entities, truncated CDATA).
 * Anything that is not a feed at all raises ParseError; an item that cannot be read is dropped with its reason and
 * the others are kept.
 */
export async function parseFeed(xml: string, feedUrl: string): Promise<ParsedFeed> {
  const start = xml
    .slice(0, 2048)
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (!looksLikeFeed(start)) throw new ParseError(feedUrl, describeNonFeed(start));
  let strictError: unknown;
  try {
    assertHtmlWithinLimits(xml, FEED_XML_LIMITS, "xml");
    return await readStrictly(await parser.parseString(xml), feedUrl);
  } catch (error) {
    if (!(error instanceof HtmlLimitError)) strictError = error;
  }
  let lenient: ParsedFeed;
  try {
    lenient = parseFeedLeniently(xml, feedUrl);
  } catch (error) {
    throw new ParseError(feedUrl, `unreadable feed: ${(error as Error).message}`, { cause: error });
  }
  // A complete document with no items is an empty feed, not an error (e.g. an <rss> without a version).
  if (lenient.items.length || lenient.dropped.length || /<\/(rss|feed|rdf:RDF)>\s*$/i.test(xml)) return lenient;
  throw new ParseError(feedUrl, `malformed feed: ${String((strictError as Error)?.message).split("\n")[0]}`);
}

async function readStrictly(feed: Parser.Output<RawItem> & Record<string, unknown>, feedUrl: string) {
  const siteUrl = stringField(feed.link) ?? feedUrl;
  const parsed: ParsedFeed = {
    title: safePlainText(stringField(feed.title)),
    language: stringField(feed.language) ?? stringField(feed["dc:language"]),
    items: [],
    dropped: [],
  };
  const breathe = breather();
  for (const raw of feed.items) {
    await breathe();
    try {
      parsed.items.push(...toFeedItem(raw, siteUrl, feedUrl));
    } catch (error) {
      parsed.dropped.push(droppedBecause(itemLabel(stringField(raw.guid), stringField(raw.link)), error));
    }
  }
  return parsed;
}

/** A feed's own title is decoration: one that cannot be read is left out rather than failing the feed. */
export function safePlainText(html: string | undefined): string | undefined {
  try {
    return htmlToPlainText(html) || undefined;
  } catch {
    return undefined;
  }
}

function looksLikeFeed(start: string): boolean {
  return (
    /<(rss|rdf:RDF|feed|channel)[\s>]/i.test(start) ||
    /<\?xml[^>]*>\s*(<!--[\s\S]*?-->\s*)*<(rss|rdf|feed)/i.test(start)
  );
}

function describeNonFeed(start: string): string {
  if (/<!doctype html|<html[\s>]/i.test(start)) return "not a feed: the server returned an HTML page";
  if (!start) return "not a feed: empty document";
  return `not a feed: document starts with ${JSON.stringify(start.slice(0, 40))}`;
}

function toFeedItem(raw: RawItem, siteUrl: string, feedUrl: string): FeedItem[] {
  const link = raw.link ?? (typeof raw.guid === "string" && /^https?:/.test(raw.guid) ? raw.guid : undefined);
  const url = resolveUrl(link, siteUrl, feedUrl);
  if (!url) return [];
  const contentHtml = stringField(raw["content:encoded"]) ?? stringField(raw.content);
  const summaryHtml = stringField(raw.description) ?? stringField(raw.summary) ?? contentHtml;
  return [
    {
      url,
      guid: stringField(raw.guid) ?? stringField(raw.id),
      title: htmlToPlainText(raw.title) || url,
      author: stringField(raw.creator) ?? stringField(raw["dc:creator"]) ?? authorName(raw.author),
      publishedAt: parseLooseDate(
        raw.isoDate ??
          raw.pubDate ??
          stringField(raw.published) ??
          stringField(raw["dc:date"]) ??
          stringField(raw.updated),
      ),
      summary: htmlToPlainText(summaryHtml) || undefined,
      contentHtml,
      language: stringField(raw["dc:language"]),
    },
  ];
}

function stringField(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (Array.isArray(value)) return stringField(value[0]);
  if (value && typeof value === "object" && "_" in value) return stringField((value as { _: unknown })._);
  return undefined;
}

function authorName(value: unknown): string | undefined {
  if (value && typeof value === "object" && "name" in value) return stringField((value as { name: unknown }).name);
  return stringField(value);
}
