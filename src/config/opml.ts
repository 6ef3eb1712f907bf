import { load } from "cheerio";
import type { SourceConfig } from "../model.ts";

export interface OpmlFeed {
  title: string;
  xmlUrl: string;
  htmlUrl?: string;
  language?: string;
}

/** Every outline with an xmlUrl, at any depth (readers nest feeds in folders). */
export function parseOpml(xml: string): OpmlFeed[] {
  const $ = load(xml, { xml: { xmlMode: true } });
  if (!$("opml").length) throw new Error("not an OPML document (no <opml> element)");
  return $("outline[xmlUrl], outline[xmlurl]")
    .toArray()
    .map((el) => {
      const node = $(el);
      const xmlUrl = (node.attr("xmlUrl") ?? node.attr("xmlurl") ?? "").trim();
      const title = (node.attr("title") ?? node.attr("text") ?? xmlUrl).trim();
      return {
        title,
        xmlUrl,
        htmlUrl: node.attr("htmlUrl")?.trim() || undefined,
        language: node.attr("language")?.trim() || undefined,
      };
    });
}

export function renderOpml(sources: SourceConfig[], title = "Silkwire sources"): string {
  const feeds = sources.filter((s) => s.type === "feed");
  return renderOpmlList(
    title,
    feeds.map((s) => ({ title: s.name, xmlUrl: s.url, language: s.language })),
  );
}

/** OPML 2.0 with one outline per feed (also used for the list of feeds Silkwire publishes). */
export function renderOpmlList(title: string, feeds: OpmlFeed[]): string {
  const outlines = feeds.map(
    (f) =>
      `    <outline type="rss" text="${escapeXml(f.title)}" title="${escapeXml(f.title)}" xmlUrl="${escapeXml(f.xmlUrl)}"${f.htmlUrl ? ` htmlUrl="${escapeXml(f.htmlUrl)}"` : ""}${f.language ? ` language="${escapeXml(f.language)}"` : ""}/>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escapeXml(title)}</title></head>`,
    "  <body>",
    ...outlines,
    "  </body>",
    "</opml>",
    "",
  ].join("\n");
}

/** A slug id for a feed, unique among `taken`. */
export function slugFor(title: string, url: string, taken: Set<string>): string {
  const base =
    title
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || new URL(url).hostname.replace(/^www\./, "").replace(/[^a-z0-9]+/g, "-");
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}
