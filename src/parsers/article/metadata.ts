// Article metadata, each field taken from the most trusted source that has it: JSON-LD, then OpenGraph and
// article:* meta, then other meta conventions and <time datetime>, then microdata, then what the page shows.
import { decodeHTML } from "entities";
import { attr, findAll, findFirst, textOf, type Document } from "./dom.ts";
import { readJsonLd, type JsonLdSummary } from "./jsonld.ts";
import type { ExtractedArticle } from "../../model.ts";
import { normalizeTimestamp } from "./timestamps.ts";
import { absoluteUrl } from "./urls.ts";
import { dateFromUrl, visibleByline, visibleDate } from "./visible-metadata.ts";

/** The article's metadata fields, plus what page classification needs to know of the page. */
export type PageMetadata = Partial<
  Pick<
    ExtractedArticle,
    "title" | "byline" | "publishedAt" | "modifiedAt" | "lang" | "siteName" | "canonicalUrl" | "image"
  >
> & { ogType?: string; jsonLd: JsonLdSummary };

type MetaIndex = Map<string, string>;

// Meta names in order of trust within the meta tier: OpenGraph and article:* first, then the conventions of
// Dublin Core, Parse.ly, Sailthru and common CMS.
const TITLE_KEYS = ["og:title", "twitter:title", "dc.title"];
const AUTHOR_KEYS = [
  "article:author",
  "author",
  "parsely-author",
  "sailthru.author",
  "dc.creator",
  "dcterms.creator",
  "byl",
];
const PUBLISHED_KEYS = [
  "article:published_time",
  "og:published_time",
  "published_time",
  "pubdate",
  "publishdate",
  "publish-date",
  "date",
  "dc.date.issued",
  "dc.date",
  "dcterms.date",
  "parsely-pub-date",
  "sailthru.date",
  "datepublished",
];
const MODIFIED_KEYS = [
  "article:modified_time",
  "og:updated_time",
  "modified_time",
  "last-modified",
  "dc.date.modified",
  "datemodified",
];
const LANGUAGE_KEYS = ["content-language", "language", "dc.language"];
const IMAGE_KEYS = ["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"];

export function readMetadata(doc: Document, url: string): PageMetadata {
  const meta = indexMeta(doc);
  const jsonLd = readJsonLd(findAll(doc, (el) => el.name === "script" && /ld\+json/i.test(attr(el, "type"))));
  const article = jsonLd.article;
  const first = (keys: string[]): string | undefined => keys.map((k) => meta.get(k)).find((v) => v);
  const micro = (prop: string): string | undefined => microdata(doc, prop);
  const time = findFirst(doc, (el) => el.name === "time" && attr(el, "datetime") !== "");
  const canonical = canonicalLink(doc);
  return {
    title: cleanText(article?.headline ?? first(TITLE_KEYS) ?? micro("headline") ?? visibleTitle(doc)),
    byline: bylineFrom([article?.authors.join(", "), first(AUTHOR_KEYS), micro("author")]) ?? visibleByline(doc),
    publishedAt:
      firstTimestamp([
        article?.datePublished,
        first(PUBLISHED_KEYS),
        micro("datePublished"),
        time && attr(time, "datetime"),
      ]) ??
      visibleDate(doc) ??
      dateFromUrl(canonical ?? url),
    modifiedAt: firstTimestamp([article?.dateModified, first(MODIFIED_KEYS), micro("dateModified")]),
    lang: primaryLanguage(htmlLang(doc) ?? first(LANGUAGE_KEYS) ?? article?.inLanguage ?? first(["og:locale"])),
    siteName: cleanText(first(["og:site_name", "application-name"]) ?? article?.publisher ?? jsonLd.siteName),
    canonicalUrl: absoluteUrl(canonical ?? first(["og:url"]) ?? article?.url ?? "", url) ?? absoluteUrl(url, ""),
    image: absoluteUrl(article?.image ?? first(IMAGE_KEYS) ?? imageLink(doc) ?? "", url),
    ogType: first(["og:type"])?.toLowerCase(),
    jsonLd,
  };
}

function indexMeta(doc: Document): MetaIndex {
  const index: MetaIndex = new Map();
  for (const el of findAll(doc, (e) => e.name === "meta")) {
    const key = (attr(el, "property") || attr(el, "name") || attr(el, "http-equiv") || attr(el, "itemprop"))
      .trim()
      .toLowerCase();
    const value = attr(el, "content").trim();
    if (key && value && !index.has(key)) index.set(key, value);
  }
  return index;
}

function microdata(doc: Document, prop: string): string | undefined {
  const el = findFirst(doc, (e) => attr(e, "itemprop").split(/\s+/).includes(prop) && e.name !== "script");
  if (!el) return undefined;
  const nested = findFirst(el, (e) => attr(e, "itemprop") === "name");
  const source = nested ?? el;
  return attr(source, "content") || attr(source, "datetime") || textOf(source) || undefined;
}

function firstTimestamp(candidates: Array<string | undefined>): string | undefined {
  for (const candidate of candidates) {
    const normalized = normalizeTimestamp(candidate);
    if (normalized) return normalized;
  }
  return undefined;
}

function bylineFrom(candidates: Array<string | undefined>): string | undefined {
  for (const candidate of candidates) {
    const text = cleanText(candidate)?.replace(/^by\s+/i, "");
    // Facebook profile URLs in article:author say nothing a reader can use.
    if (text && !/^https?:\/\//.test(text) && text.length <= 200) return text;
  }
  return undefined;
}

function visibleTitle(doc: Document): string | undefined {
  const h1 = findFirst(doc, (el) => el.name === "h1");
  const h1Text = h1 ? textOf(h1) : "";
  const titleEl = findFirst(doc, (el) => el.name === "title");
  const title = titleEl ? textOf(titleEl) : "";
  if (h1Text && (title === "" || title.includes(h1Text))) return h1Text;
  // Titles carry the site name after a separator; the longest part is the headline.
  const parts = title.split(/\s+[|–—-]\s+|\s+::\s+|\s+»\s+/);
  return parts.sort((a, b) => b.length - a.length)[0] || h1Text || undefined;
}

function htmlLang(doc: Document): string | undefined {
  const html = findFirst(doc, (el) => el.name === "html");
  return html ? attr(html, "lang") || attr(html, "xml:lang") || undefined : undefined;
}

/** "en-US" → "en", "zh_CN" → "zh": the classifier and the feeds need the language, not the region. */
export function primaryLanguage(tag: string | undefined): string | undefined {
  const primary = tag
    ?.trim()
    .split(/[-_,;\s]/)[0]
    ?.toLowerCase();
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

function canonicalLink(doc: Document): string | undefined {
  const link = findFirst(
    doc,
    (el) => el.name === "link" && attr(el, "rel").toLowerCase().split(/\s+/).includes("canonical"),
  );
  return link ? attr(link, "href") || undefined : undefined;
}

function imageLink(doc: Document): string | undefined {
  const link = findFirst(doc, (el) => el.name === "link" && attr(el, "rel").toLowerCase() === "image_src");
  return link ? attr(link, "href") || undefined : undefined;
}

// Meta values and JSON-LD strings arrive with entities still encoded ("doesn&#8217;t") and sometimes with tags.
function cleanText(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const cleaned = decodeHTML(decodeHTML(text).replace(/<[^>]*>/g, ""))
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
  return cleaned || undefined;
}
