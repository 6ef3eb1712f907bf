// RSS 2.0 through the `feed` package (pinned to 6.0.0), wrapped so its measured quirks cannot reach a reader:
// every string is cleaned of XML-forbidden characters first, every date is given (it would default to the render
// time), item ids go in as guid (isPermaLink="false"), and only URLs that already survived new URL() go in.
import { Feed } from "feed";
import { feedUpdated, type FeedDocument } from "./feed-document.ts";
import { storyItem } from "./story-item.ts";
import { plainText } from "./text-safety.ts";

/**
 * xml-js (under `feed`) splits only the first "]]>" of a CDATA section; a second one would end it early. A zero-width
 * space keeps the text as readers show it and the section intact.
 */
function cdataSafe(text: string): string {
  return text.replaceAll("]]>", "]]\u200b>");
}

export function renderRss(document: FeedDocument): string {
  const feed = new Feed({
    id: document.homeUrl,
    title: plainText(document.title),
    description: plainText(document.description),
    link: document.homeUrl,
    feedLinks: { rss: document.selfUrls.rss },
    updated: feedUpdated(document),
    generator: "Silkwire",
    ...(document.hubUrl ? { hub: document.hubUrl } : {}),
  });
  for (const story of document.items) {
    const item = storyItem(story, document.tag, document.labels);
    if (!item) continue;
    feed.addItem({
      title: cdataSafe(item.title),
      id: item.id,
      link: item.link,
      date: item.published,
      description: cdataSafe(item.summaryHtml),
      content: cdataSafe(item.contentHtml),
      category: item.categories.map((name) => ({ name })),
      extensions: [{ name: "dc:creator", objects: { _text: item.author ?? item.outlet } }],
    });
  }
  return `${feed.rss2()}\n`;
}
