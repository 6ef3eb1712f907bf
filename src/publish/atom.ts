// Atom 1.0 (RFC 4287), written by hand: `feed` 6.0.0 rewrites ids through new URL(), has no related links and
// escapes attributes only partly. Every value passes escapeMarkup, every link httpUrl.
import { feedUpdated, type FeedDocument } from "./feed-document.ts";
import { storyItem, type StoryItem } from "./story-item.ts";
import { escapeMarkup as x } from "./text-safety.ts";
import { feedTagUri } from "./story-id.ts";

export function renderAtom(document: FeedDocument): string {
  const items = document.items.flatMap((s) => storyItem(s, document.tag, document.labels) ?? []);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${x(feedTagUri(document.tag, document.key))}</id>`,
    `  <title type="text">${x(document.title)}</title>`,
    `  <subtitle type="text">${x(document.description)}</subtitle>`,
    `  <updated>${feedUpdated(document).toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${x(document.selfUrls.atom)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(document.homeUrl)}"/>`,
    ...(document.hubUrl ? [`  <link rel="hub" href="${x(document.hubUrl)}"/>`] : []),
    `  <generator uri="https://github.com/silkwire">Silkwire</generator>`,
    ...items.map(entry),
    "</feed>",
    "",
  ];
  return lines.join("\n");
}

// A story appears in several feeds of one build; its entry is written once.
const entries = new WeakMap<StoryItem, string>();

function entry(item: StoryItem): string {
  let text = entries.get(item);
  if (text === undefined) entries.set(item, (text = writeEntry(item)));
  return text;
}

function writeEntry(item: StoryItem): string {
  return [
    "  <entry>",
    `    <id>${x(item.id)}</id>`,
    `    <title type="text">${x(item.title)}</title>`,
    `    <link rel="alternate" type="text/html" href="${x(item.link)}"/>`,
    ...item.related.map((r) => `    <link rel="related" type="text/html" href="${x(r.url)}" title="${x(r.outlet)}"/>`),
    `    <published>${item.published.toISOString()}</published>`,
    `    <updated>${item.updated.toISOString()}</updated>`,
    // RFC 4287 wants an author per entry (or on the feed); the outlet stands in when the byline is unknown.
    `    <author><name>${x(item.author ?? item.outlet)}</name></author>`,
    ...item.categories.map((c) => `    <category term="${x(c)}"/>`),
    `    <summary type="html">${x(item.summaryHtml)}</summary>`,
    `    <content type="html">${x(item.contentHtml)}</content>`,
    "  </entry>",
  ].join("\n");
}
