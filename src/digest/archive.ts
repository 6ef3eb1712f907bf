// The public side of digests: the archive page (with the subscribe form), the Atom feed of digests, and the small
// pages of unsubscribing and confirming. Rendering only; every value is escaped by the templates.
import { readFileSync } from "node:fs";
import Mustache from "mustache";
import { archivePath, type SiteLinks } from "./links.ts";
import { escapeMarkup, plainLine } from "./plain-text.ts";
import { dateRangeLabel } from "./render.ts";
import { weekRange, parseIsoWeek } from "./week.ts";

const template = (name: string) => readFileSync(new URL(`./templates/${name}`, import.meta.url), "utf8");
const PAGE = template("page.html");
const ARCHIVE_BODY = template("archive-body.html");
const ACTION_BODY = template("action-body.html");

const render = (tpl: string, view: object) => Mustache.render(tpl, view, {}, { escape: escapeMarkup });

export interface ArchivedDigest {
  week: string;
  storyCount: number;
  builtAt: Date;
  /** Top story titles, for the feed entry's summary. */
  headlines: string[];
}

function rangeOf(week: string): string {
  const range = weekRange(parseIsoWeek(week), "UTC");
  return dateRangeLabel(range.firstDay, range.lastDay);
}

export function renderPage(title: string, body: string, atom?: string): string {
  return render(PAGE, { title, body, atom });
}

export function renderArchivePage(
  site: SiteLinks,
  digests: ArchivedDigest[],
  choices: { topics: Record<string, string>; countries: Record<string, string> },
): string {
  const atom = `${site.publicUrl}/digests.atom`;
  const body = render(ARCHIVE_BODY, {
    hasDigests: digests.length > 0,
    digests: digests.map((d) => ({ ...d, href: `${site.publicUrl}${archivePath(d.week)}`, range: rangeOf(d.week) })),
    atom,
    subscribeAction: `${site.publicUrl}/digests/subscribe`,
    topics: Object.entries(choices.topics).map(([id, name]) => ({ id, name })),
    countries: Object.entries(choices.countries).map(([id, name]) => ({ id, name })),
  });
  return renderPage("Silkwire weekly digests", body, atom);
}

/** A message, and optionally a button that POSTs to `action` (a GET never changes anything). */
export function renderActionPage(
  title: string,
  message: string,
  options: { action?: string; button?: string; back?: string } = {},
): string {
  return renderPage(title, render(ACTION_BODY, { message, ...options }));
}

// XML 1.0 forbids most C0 controls even as character references; plainLine removes them.
const xml = (text: string) => escapeMarkup(plainLine(text));

/** One Atom entry per digest; ids are tag: URIs of the week, so they never change. */
export function renderDigestsAtom(site: SiteLinks, digests: ArchivedDigest[]): string {
  const host = new URL(site.publicUrl).hostname.toLowerCase();
  const updated = digests.reduce((max, d) => (d.builtAt > max ? d.builtAt : max), new Date(0));
  const entries = digests.map((d) => {
    const url = `${site.publicUrl}${archivePath(d.week)}`;
    const summary = d.headlines.length ? `Top stories: ${d.headlines.join(" · ")}` : "No stories this week.";
    return [
      "  <entry>",
      `    <id>tag:${xml(host)},${d.week.slice(0, 4)}:digest:${xml(d.week.toLowerCase())}</id>`,
      `    <title>Silkwire weekly: ${xml(rangeOf(d.week))}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `    <updated>${d.builtAt.toISOString()}</updated>`,
      `    <summary>${xml(summary)}</summary>`,
      "  </entry>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(site.publicUrl)}/digests/</id>`,
    "  <title>Silkwire weekly digests</title>",
    `  <link rel="self" type="application/atom+xml" href="${xml(site.publicUrl)}/digests.atom"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(site.publicUrl)}/digests/"/>`,
    `  <updated>${updated.toISOString()}</updated>`,
    "  <author><name>Silkwire</name></author>",
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
