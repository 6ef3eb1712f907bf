// Plain data passed between the pipeline's stages. No behaviour here: stages import these types, nothing else.

export type SourceType = "feed" | "html";

export interface ListingSelectors {
  item: string;
  link: string;
  title?: string;
  date?: string;
  summary?: string;
}

/** One source as validated from config/sources.yaml. */
export interface SourceConfig {
  id: string;
  name: string;
  url: string;
  type: SourceType;
  /** Poll interval in milliseconds. */
  everyMs: number;
  enabled: boolean;
  language?: string;
  /** Whether each item's article page is fetched; resolved from the type when the file leaves it out. */
  fullText: boolean;
  /** True when `fullText` was not set in the file: feeds then fetch pages only for teaser-only items. */
  fullTextAuto: boolean;
  selectors?: ListingSelectors;
  include: string[];
  exclude: string[];
  /** At most this many items of one document are stored, the newest by date (default 500). */
  maxItems?: number;
  /** Line in sources.yaml where this source starts, for messages. */
  line: number;
}

/** An item found on a feed or a listing page, before its article page is fetched. */
export interface FeedItem {
  url: string;
  guid?: string;
  title: string;
  author?: string;
  publishedAt?: Date;
  summary?: string;
  /** Full content when the feed carries it (content:encoded, Atom content). HTML, unsanitized. */
  contentHtml?: string;
  language?: string;
}

/** An item of a document that was not stored, and why: kept on the poll's record so no drop is silent. */
export interface DroppedItem {
  /** The item's GUID, link or title, cut short. */
  item: string;
  reason: string;
}

/** What a feed document (or a listing page) holds, once parsed. */
export interface ParsedFeed {
  title?: string;
  language?: string;
  items: FeedItem[];
  /** Items that could not be read; the others are still good. */
  dropped: DroppedItem[];
}

export type ExtractionStatus = "ok" | "no-article" | "paywalled" | "not-html" | "listing";

/** What the extractor makes of one article page. */
export interface ExtractedArticle {
  status: ExtractionStatus;
  title?: string;
  byline?: string;
  /** ISO 8601 with the offset the page gave, e.g. 2024-05-18T09:00:00+06:00. */
  publishedAt?: string;
  modifiedAt?: string;
  lang?: string;
  siteName?: string;
  canonicalUrl?: string;
  image?: string;
  /** Main text, paragraphs separated by blank lines. */
  text: string;
  /** Sanitized HTML of the article body, links absolute. */
  html: string;
}

/** Result of classifying one article. */
export interface Classification {
  relevant: boolean;
  relevance: number;
  topics: string[];
  countries: string[];
  entities: string[];
  evidence: Array<{ term: string; kind: string; where: "title" | "lead" | "body" }>;
}
