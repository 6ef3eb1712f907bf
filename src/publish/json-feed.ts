// JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written by hand: `feed` 6.0.0 writes 1.0 (one author, no
// language) and has no place for our `_silkwire` extension.
import type { PublishedStory, StoryCopy } from "../model.ts";
import type { FeedDocument } from "./feed-document.ts";
import { storyItem, type StoryItem } from "./story-item.ts";
import { outletCountry } from "./outlet-country.ts";
import { httpUrl, plainText } from "./text-safety.ts";

// A story appears in several feeds of one build; its serialised item is made once (keyed by its StoryItem).
const serialised = new WeakMap<StoryItem, string>();

function itemJson(story: PublishedStory, item: StoryItem): string {
  let text = serialised.get(item);
  if (text === undefined) {
    text = JSON.stringify({
      id: item.id,
      url: item.link,
      title: item.title,
      content_html: item.contentHtml,
      summary: item.summaryText,
      date_published: item.published.toISOString(),
      date_modified: item.updated.toISOString(),
      authors: [{ name: item.author ?? item.outlet }],
      ...(story.representative.language ? { language: story.representative.language } : {}),
      tags: item.categories,
      _silkwire: extension(story),
    });
    serialised.set(item, text);
  }
  return text;
}

export function renderJsonFeed(document: FeedDocument): string {
  const items = document.items.flatMap((story) => {
    const item = storyItem(story, document.tag, document.labels);
    return item ? [itemJson(story, item)] : [];
  });
  const head = JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: plainText(document.title),
    description: plainText(document.description),
    home_page_url: document.homeUrl,
    feed_url: document.selfUrls.json,
    ...(document.hubUrl ? { hubs: [{ type: "WebSub", url: document.hubUrl }] } : {}),
  });
  // The items are already JSON: splice them in rather than parse and serialise them again.
  return `${head.slice(0, -1)},"items":[\n${items.join(",\n")}\n]}\n`;
}

/** Per copy: outlet, its country and the copy's language; plus why the story was judged relevant. */
function extension(story: PublishedStory) {
  return {
    story_id: story.id,
    outlet_count: story.outletCount,
    relevance: story.relevance,
    topics: story.topics,
    countries: story.countries,
    copies: story.copies.flatMap((copy) => copyJson(copy, story.representative.articleId) ?? []),
    evidence: story.evidence.map((e) => ({ term: plainText(e.term), kind: e.kind, where: e.where })),
  };
}

/** One copy as JSON (feed extension and API alike); undefined when its link is not http(s). */
export function copyJson(copy: StoryCopy, representativeId: string) {
  const url = httpUrl(copy.url);
  if (!url) return undefined;
  return {
    url,
    title: plainText(copy.title),
    outlet: plainText(copy.outletName) || copy.outletId,
    outlet_id: copy.outletId,
    country: outletCountry(url) ?? null,
    language: copy.language ?? null,
    date_published: copy.publishedAt?.toISOString() ?? null,
    representative: copy.articleId === representativeId,
  };
}
