// What every format shows of one story, computed once: the item id, plain-text fields, the sanitised content with
// its "Also reported by" list, and the other outlets as related links.
import type { PublishedStory, StoryCopy } from "../model.ts";
import { sanitizeArticleHtml } from "../parsers/sanitize.ts";
import { escapeMarkup, httpUrl, plainText, stripXmlForbidden } from "./text-safety.ts";
import { storyTagUri, type TagScheme } from "./story-id.ts";

export interface RelatedCopy {
  outlet: string;
  title: string;
  url: string;
}

export interface StoryItem {
  id: string;
  title: string;
  link: string;
  author?: string;
  /** The representative's outlet. */
  outlet: string;
  published: Date;
  updated: Date;
  contentHtml: string;
  summaryHtml: string;
  summaryText: string;
  /** One copy per other outlet (not the representative's), in date order. */
  related: RelatedCopy[];
  categories: string[];
}

const SUMMARY_CHARS = 400;

// A story appears in many feeds and three formats per build; its item is computed once per (story, settings).
const cache = new WeakMap<PublishedStory, { tag: TagScheme; labels: object; item: StoryItem | undefined }>();

/** Undefined when the story cannot be published (its representative link is not http(s)). */
export function storyItem(
  story: PublishedStory,
  tag: TagScheme,
  labels: Record<string, string>,
): StoryItem | undefined {
  const known = cache.get(story);
  if (known && known.tag === tag && known.labels === labels) return known.item;
  const item = computeStoryItem(story, tag, labels);
  cache.set(story, { tag, labels, item });
  return item;
}

function computeStoryItem(
  story: PublishedStory,
  tag: TagScheme,
  labels: Record<string, string>,
): StoryItem | undefined {
  const link = httpUrl(story.representative.url);
  if (!link) return undefined;
  const related = otherOutlets(story);
  const lead = leadOf(story.text);
  const alsoHtml = alsoReportedHtml(related);
  const alsoText = related.length ? `Also reported by: ${related.map((r) => `${r.outlet} (${r.url})`).join("; ")}` : "";
  return {
    id: storyTagUri(tag, story.id),
    title: plainText(story.title) || plainText(story.representative.title) || "(untitled)",
    link,
    author: plainText(story.representative.author) || undefined,
    outlet: outletName(story.representative),
    published: story.publishedAt,
    updated: story.updatedAt,
    contentHtml: stripXmlForbidden(bodyHtml(story, link) + alsoHtml),
    summaryHtml: stripXmlForbidden((lead ? `<p>${escapeMarkup(lead)}</p>` : "") + alsoHtml),
    summaryText: [lead, alsoText].filter(Boolean).join("\n\n"),
    related,
    categories: [...story.topics, ...story.countries].map((id) => plainText(labels[id] ?? id)).filter(Boolean),
  };
}

function bodyHtml(story: PublishedStory, link: string): string {
  if (story.contentHtml) return sanitizeArticleHtml(story.contentHtml, link);
  const paragraphs = stripXmlForbidden(story.text)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return paragraphs.map((p) => `<p>${escapeMarkup(p)}</p>`).join("");
}

function otherOutlets(story: PublishedStory): RelatedCopy[] {
  const seen = new Set([story.representative.outletId]);
  const related: RelatedCopy[] = [];
  for (const copy of story.copies) {
    const url = httpUrl(copy.url);
    if (!url || seen.has(copy.outletId)) continue;
    seen.add(copy.outletId);
    related.push({ outlet: outletName(copy), title: plainText(copy.title), url });
  }
  return related;
}

function outletName(copy: StoryCopy): string {
  return plainText(copy.outletName) || copy.outletId;
}

function alsoReportedHtml(related: RelatedCopy[]): string {
  if (!related.length) return "";
  const entries = related.map(
    // <bdi>: an Arabic outlet name or title must not reorder the punctuation around it.
    (r) =>
      `<li><a href="${escapeMarkup(r.url)}"><bdi>${escapeMarkup(r.outlet)}</bdi></a>: <bdi>${escapeMarkup(r.title)}</bdi></li>`,
  );
  return `<p>Also reported by:</p><ul>${entries.join("")}</ul>`;
}

function leadOf(text: string): string {
  const first = plainText(text.split(/\n\s*\n/).find((p) => p.trim()) ?? "");
  if (first.length <= SUMMARY_CHARS) return first;
  const cut = first.slice(0, SUMMARY_CHARS);
  // stripXmlForbidden also drops half of an emoji the cut may have split.
  return `${stripXmlForbidden(cut.slice(0, Math.max(cut.lastIndexOf(" "), SUMMARY_CHARS / 2)))}…`;
}
