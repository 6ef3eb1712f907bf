// Renders digest content with the templates in ./templates. Mustache escapes every value in the HTML template
// (our escape function, below); the text template gets plain text. CSS is inlined with juice for clients that
// drop <style>, and juice keeps the @media rules (dark mode, narrow screens) in a <style> block, since they
// cannot be inlined.
import { readFileSync } from "node:fs";
import juice from "juice";
import Mustache from "mustache";
import type { DigestContent, LinkView, StoryView } from "./content.ts";
import { escapeMarkup } from "./plain-text.ts";

const template = (name: string) => readFileSync(new URL(`./templates/${name}`, import.meta.url), "utf8");
const HTML_TEMPLATE = template("digest.html");
const TEXT_TEMPLATE = template("digest.txt");

/** Links that differ between a subscriber's email and the public archive copy. */
export interface DigestLinks {
  viewInBrowser?: string;
  /** Personal: only in a subscriber's copy. */
  unsubscribe?: string;
  /** Public: only in the archive copy. */
  subscribe?: string;
  archive?: string;
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

function withLast<T extends object>(items: T[]): Array<T & { last: boolean }> {
  return items.map((item, i) => ({ ...item, last: i === items.length - 1 }));
}

function storyModel(story: StoryView) {
  return { ...story, outlets: withLast<LinkView>(story.outlets) };
}

/** "16–22 June 2025", or "29 December 2025 – 4 January 2026" across months and years. */
export function dateRangeLabel(firstDay: string, lastDay: string): string {
  const format = (day: string, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
  const full = { day: "numeric", month: "long", year: "numeric" } as const;
  if (firstDay.slice(0, 7) === lastDay.slice(0, 7)) return `${Number(firstDay.slice(8))}–${format(lastDay, full)}`;
  if (firstDay.slice(0, 4) === lastDay.slice(0, 4))
    return `${format(firstDay, { day: "numeric", month: "long" })} – ${format(lastDay, full)}`;
  return `${format(firstDay, full)} – ${format(lastDay, full)}`;
}

export function digestSubject(content: DigestContent): string {
  return `Silkwire weekly: China and Central Asia, ${dateRangeLabel(content.firstDay, content.lastDay)}`;
}

function viewModel(content: DigestContent, links: DigestLinks) {
  const n = content.numbers;
  return {
    ...links,
    subject: digestSubject(content),
    dateRange: dateRangeLabel(content.firstDay, content.lastDay),
    week: content.week,
    storyCount: content.storyCount,
    hasTop: content.top.length > 0,
    top: content.top.map(storyModel),
    topics: content.topics.map((t) => ({ ...t, upperName: t.name.toUpperCase(), stories: t.stories.map(storyModel) })),
    hasCountries: content.countries.length > 0,
    countries: content.countries.map((c) => ({ ...c, headlines: withLast(c.headlines) })),
    numbers: [
      { label: "articles read", value: n.articlesRead },
      { label: "stories", value: n.stories },
      { label: "sources polled", value: n.sourcesPolled },
      { label: "sources failing", value: n.sourcesFailing },
    ],
  };
}

export function renderDigest(content: DigestContent, links: DigestLinks): RenderedDigest {
  const model = viewModel(content, links);
  const raw = Mustache.render(HTML_TEMPLATE, model, {}, { escape: escapeMarkup });
  const html = juice(raw, { preserveMediaQueries: true, removeStyleTags: true, applyWidthAttributes: false });
  const text = Mustache.render(TEXT_TEMPLATE, model, {}, { escape: (value: unknown) => String(value) })
    .replace(/\n{3,}/g, "\n\n")
    .trimStart();
  return { subject: model.subject, html, text };
}
