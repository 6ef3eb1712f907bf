import { load, type CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import type { FeedItem, ParsedFeed } from "../model.ts";
import { resolveUrl } from "./resolve-url.ts";
import { parseLooseDate } from "./dates.ts";
import { htmlToPlainText } from "./text.ts";

/** Recovers items from XML that a strict parser rejects, using htmlparser2's forgiving XML mode. */
export function parseFeedLeniently(xml: string, feedUrl: string): ParsedFeed {
  const $ = load(xml, { xml: { xmlMode: true, recognizeCDATA: true, decodeEntities: true } });
  const siteUrl = $("channel > link").first().text().trim() || feedUrl;
  const items = $("item, entry")
    .toArray()
    .flatMap((el) => lenientItem($, el, siteUrl, feedUrl));
  const title = htmlToPlainText($("channel > title, feed > title").first().text()) || undefined;
  return { title, items };
}

function lenientItem($: CheerioAPI, el: Element, siteUrl: string, feedUrl: string): FeedItem[] {
  const node = $(el);
  const field = (selector: string) => node.children(selector).first().text().trim() || undefined;
  const atomLink = node.children("link[rel='alternate'], link:not([rel])").attr("href");
  const url = resolveUrl(atomLink ?? field("link") ?? field("guid"), siteUrl, feedUrl);
  if (!url) return [];
  const contentHtml = field("content\\:encoded") ?? field("content");
  return [
    {
      url,
      guid: field("guid") ?? field("id"),
      title: htmlToPlainText(field("title")) || url,
      author: field("dc\\:creator") ?? node.children("author").children("name").text().trim() ?? field("author"),
      publishedAt: parseLooseDate(field("pubDate") ?? field("published") ?? field("dc\\:date") ?? field("updated")),
      summary: htmlToPlainText(field("description") ?? field("summary") ?? contentHtml) || undefined,
      contentHtml,
    },
  ];
}
