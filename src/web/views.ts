// The HTML pages: the feed list, recent stories with filters, one story with all its copies.
import type { FeedDefinition, PublishedStory } from "../model.ts";
import { FEED_FORMATS, type FeedFormat } from "../publish/feed-document.ts";
import { storyItem } from "../publish/story-item.ts";
import { outletCountry } from "../publish/outlet-country.ts";
import { httpUrl, plainText } from "../publish/text-safety.ts";
import { feedUrl, type PublishContext } from "../feeds/build-feeds.ts";
import { html, page, trusted, type SafeHtml } from "./html.ts";

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };
const FORMATS = Object.keys(FEED_FORMATS) as FeedFormat[];
const day = (date: Date) => date.toISOString().slice(0, 10);
/** Untrusted text isolated for bidi: an Arabic outlet name must not reorder the dates and dots around it. */
const text = (value: string | undefined) => html`<bdi>${plainText(value)}</bdi>`;

export function feedListPage(context: PublishContext): string {
  const { config, publicUrl } = context;
  const head = html`${config.feeds.map((feed) =>
    FORMATS.map(
      (f) =>
        html`<link
          rel="alternate"
          type="${FEED_FORMATS[f].contentType.split(";")[0]}"
          title="${feed.title} (${FORMAT_NAMES[f]})"
          href="${feedUrl(publicUrl, feed.name, f)}"
        /> `,
    ),
  )}`;
  const rows = config.feeds.map(
    (feed: FeedDefinition) =>
      html`<tr>
        <td>
          <strong>${feed.title}</strong>
          <div class="meta">${feed.description}</div>
        </td>
        <td>${FORMATS.map((f) => html`<a href="${feedUrl(publicUrl, feed.name, f)}">${FORMAT_NAMES[f]}</a> `)}</td>
      </tr>`,
  );
  const body = html`<h1>${config.title}</h1>
    <p>
      ${config.description}. Subscribe to any feed in your reader, or import
      <a href="${publicUrl}/feeds.opml">all of them as OPML</a>. Every feed takes <code>?limit=</code>,
      <code>min_outlets=</code>, <code>topic=</code>, <code>country=</code>, <code>filter=</code>,
      <code>filterout=</code>.
    </p>
    <table>
      <thead>
        <tr>
          <th>Feed</th>
          <th>Subscribe</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
  return page({ title: config.title, siteTitle: config.title, head, body });
}

export interface StoryListView {
  stories: PublishedStory[];
  params: Record<string, string | undefined>;
  nextUrl?: string;
  outlets: Array<{ id: string; name: string }>;
}

function select(name: string, label: string, current: string | undefined, options: Array<[string, string]>): SafeHtml {
  return html`<label
    >${label}
    <select name="${name}">
      <option value="">any</option>
      ${options.map(
        ([value, text]) =>
          html`<option value="${value}" ${value === current ? trusted(" selected") : ""}>${text}</option>`,
      )}
    </select></label
  >`;
}

function filterForm(context: PublishContext, view: StoryListView): SafeHtml {
  const labels = Object.entries(context.labels);
  const topics = labels.filter(([id]) => !/^[A-Z]{2}$/.test(id));
  const countries = labels.filter(([id]) => /^[A-Z]{2}$/.test(id));
  const p = view.params;
  // Folded on arrival so a phone shows stories first; open while a filter is in use.
  const open = Object.values(p).some(Boolean) ? trusted(" open") : "";
  return html`<details class="filters" ${open}>
    <summary>Filter stories</summary>
    <form method="get" action="/stories">
      ${select("topic", "Topic", p.topic, topics)} ${select("country", "Country", p.country, countries)}
      ${select(
        "outlet",
        "Outlet",
        p.outlet,
        view.outlets.map((o) => [o.id, o.name]),
      )}
      <label>Language <input name="language" size="3" value="${p.language ?? ""}" /></label>
      <label>From <input type="date" name="from" value="${p.from ?? ""}" /></label>
      <label>To <input type="date" name="to" value="${p.to ?? ""}" /></label>
      <label>Search <input type="search" name="q" value="${p.q ?? ""}" /></label>
      <button type="submit">Show</button>
    </form>
  </details>`;
}

function tags(story: PublishedStory, labels: Record<string, string>): SafeHtml {
  return html`<div class="tags">
    ${[...story.topics, ...story.countries].map((id) => html`<span>${labels[id] ?? id}</span>`)}
  </div>`;
}

function outletLinks(story: PublishedStory): SafeHtml {
  const seen = new Set<string>();
  const links = story.copies.flatMap((copy) => {
    const url = httpUrl(copy.url);
    if (!url || seen.has(copy.outletId)) return [];
    seen.add(copy.outletId);
    return [html`<a href="${url}">${text(copy.outletName || copy.outletId)}</a>`];
  });
  return html`${links.map((link, i) => html`${i ? ", " : ""}${link}`)}`;
}

export function storyListPage(context: PublishContext, view: StoryListView): string {
  const items = view.stories.map(
    (story) =>
      html`<article class="story">
        <h2><a href="/stories/${story.id}">${text(story.title)}</a></h2>
        <div class="meta">
          ${day(story.publishedAt)} · ${story.outletCount} outlet${story.outletCount === 1 ? "" : "s"}:
          ${outletLinks(story)}
        </div>
        ${tags(story, context.labels)}
      </article>`,
  );
  const body = html`<h1>Stories</h1>
    ${filterForm(context, view)} ${items.length ? items : html`<p>No stories match.</p>`}
    ${view.nextUrl ? html`<p><a href="${view.nextUrl}">Older stories →</a></p>` : ""}`;
  return page({ title: `Stories · ${context.config.title}`, siteTitle: context.config.title, body });
}

export function storyPage(context: PublishContext, story: PublishedStory): string {
  const item = storyItem(story, context.config.tag, context.labels);
  const copies = story.copies.map((copy) => {
    const url = httpUrl(copy.url);
    return html`<li>
      ${url ? html`<a href="${url}">${text(copy.title)}</a>` : text(copy.title)}
      <div class="meta">
        ${text(copy.outletName || copy.outletId)}${copy.publishedAt ? ` · ${day(copy.publishedAt)}` : ""}${copy.language ? ` · ${copy.language}` : ""}${url && outletCountry(url) ? ` · ${outletCountry(url)}` : ""}
      </div>
    </li>`;
  });
  const body = html`<article>
    <h1><bdi>${plainText(story.title)}</bdi></h1>
    <div class="meta">
      ${day(story.publishedAt)} · ${story.outletCount}
      outlet${story.outletCount === 1 ? "" : "s"}${item ? html` · <a href="${item.link}">read at ${text(item.outlet)}</a>` : ""}
    </div>
    ${tags(story, context.labels)}
    <div class="content">${item ? trusted(item.contentHtml) : ""}</div>
    <h2>Every copy (${story.copies.length})</h2>
    <ul class="copies">
      ${copies}
    </ul>
  </article>`;
  return page({ title: `${plainText(story.title)} · ${context.config.title}`, siteTitle: context.config.title, body });
}
