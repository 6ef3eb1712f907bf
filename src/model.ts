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

/**
 * Where a stored article's text stands: "pending" until its page is fetched, "feed" when the feed carried the full
 * text, the extractor's verdict on the page, or "fetch-failed" (the feed's summary stays the text).
 */
export type TextStatus = "pending" | "feed" | "fetch-failed" | ExtractionStatus;

/**
 * An article's lifecycle: listed (stored from a feed or listing, page still to fetch) → fetched (text complete)
 * → curated (classified and in a story); failed when the pipeline gave up on it, with a reason.
 */
export type ArticleStage = "listed" | "fetched" | "curated" | "failed";

/** How one poll of a source ended. */
export type PollStatus = "ok" | "not-modified" | "failed" | "skipped";

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

/** One outlet's copy of a story, as the publishers show it. */
export interface StoryCopy {
  articleId: string;
  url: string;
  title: string;
  outletId: string;
  outletName: string;
  language?: string;
  author?: string;
  publishedAt?: Date;
}

/** A story as published: the representative copy's text and every outlet's copy. Built by src/store. */
export interface PublishedStory {
  /** Permanent story id (never changes once minted; merged stories keep the older one). */
  id: string;
  title: string;
  representative: StoryCopy;
  /** The representative article's HTML body as stored (sanitised again at output), or undefined. */
  contentHtml?: string;
  /** The representative article's plain text or feed summary. */
  text: string;
  /** Every copy, the representative first, then by date: one row per article. */
  copies: StoryCopy[];
  topics: string[];
  countries: string[];
  relevance: number;
  outletCount: number;
  publishedAt: Date;
  /** Changes only when an outlet joins or the representative changes; derived from stored data. */
  updatedAt: Date;
  evidence: Classification["evidence"];
}

/** Which stories a feed, page or API call shows. Every list means "any of"; empty or missing means no filter. */
export interface StoryFilter {
  topics?: string[];
  countries?: string[];
  sources?: string[];
  languages?: string[];
  minRelevance?: number;
  minOutlets?: number;
  /** Plain substrings (case-insensitive) of which one must occur in the title or text. */
  keywords?: string[];
  keywordsInTitle?: string[];
  /** Plain substrings none of which may occur in the title or text. */
  excluded?: string[];
  excludedInTitle?: string[];
  since?: Date;
  until?: Date;
  /** Postgres full-text search (websearch syntax). */
  query?: string;
}

/** Where item ids come from: `tag:<authority>,<date>:` (RFC 4151), fixed in config/feeds.yaml. */
export interface TagScheme {
  authority: string;
  date: string;
}

/** One published feed as configured in config/feeds.yaml (or one of the defaults). */
export interface FeedDefinition {
  name: string;
  title: string;
  description: string;
  filter: StoryFilter;
  items: number;
}

/** How much of an article's date is known: "month" dates are stored as the first of the month. */
export type DatePrecision = "day" | "month" | "none";

/** An article as the story stage sees it. */
export interface StoryArticle {
  id: string;
  url: string;
  /** Outlet identity for counting distinct outlets: the source id, or the URL's host. */
  outlet: string;
  title: string;
  text: string;
  publishedAt?: Date;
  datePrecision: DatePrecision;
}

/** An article's fingerprint as stored at its curation (src/curate/fingerprint-codec.ts), opaque to the store. */
export interface StoredFingerprint {
  /** Code and gazetteer it was made with: another version is computed again. */
  version: string;
  /** UTF-8 JSON (fingerprint-codec.ts). */
  data: string;
}

/** An article as the store holds it for the story stage: what it is, what it was classified as, its fingerprint. */
export interface StoredStoryArticle {
  /**
   * A candidate read with its stored fingerprint carries only the opening of its text (STORED_TEXT_HEAD_CHARS, what
   * the wire detector reads); `loadArticles` gives the whole text when the fingerprint must be computed again.
   */
  article: StoryArticle;
  classification?: Classification;
  fingerprint?: StoredFingerprint;
  /** The story it belonged to when read. */
  storyId?: string;
}

/** What a store answers about the stories of articles in hand: their stories, and those stories' other members. */
export interface StoryMembers {
  /** The story of each article asked about that has one, by article id. */
  storyOf: Map<string, string>;
  /** Every member of those stories that is not among the articles asked about. */
  others: StoredStoryArticle[];
}

/** Characters of a candidate's text read along with its stored fingerprint: the dateline the wire detector reads. */
export const STORED_TEXT_HEAD_CHARS = 300;

/** What the story stage indexes an article by: exact-copy hash, same-story keys, LSH band hashes, its fingerprint. */
export interface ArticleIndex {
  contentHash: string;
  storyKeys: string[];
  bands: bigint[];
  fingerprint: StoredFingerprint;
}

/** A story as clustering decided it, ready to be stored. */
export interface StoryAssignment {
  /** What a new story's id is minted from. Not the id: a story keeps the id it was minted with (story-identity.ts). */
  key: string;
  title: string;
  representativeId: string;
  firstSeenAt?: Date;
  lastSeenAt?: Date;
  articleCount: number;
  outletCount: number;
  relevant: boolean | null;
  relevance: number | null;
  topics: string[];
  countries: string[];
  /** Every member with the earlier copy it duplicates, or null for an original text. */
  members: Array<{ id: string; duplicateOfId: string | null }>;
}

/** An outlet that carried a story of the weekly digest. */
export interface DigestOutlet {
  name: string;
  /** The outlet's own article URL (http or https only; others are dropped before rendering). */
  url: string;
}

/** A story as the weekly digest sees it: the representative's plain text and every outlet that carried it. */
export interface DigestStory {
  id: string;
  title: string;
  /** Plain text of the representative article (never its HTML); the lead is cut from it. */
  text: string;
  url: string;
  outlets: DigestOutlet[];
  relevance: number;
  topics: string[];
  countries: string[];
  /** When the story was last reported within the week: the recency part of the score. */
  lastSeenAt: Date;
}

export interface DigestNumbers {
  articlesRead: number;
  stories: number;
  sourcesPolled: number;
  sourcesFailing: number;
}

/** How many stored articles carry each story key (estimates are enough), out of how many (src/curate/common-keys.ts). */
export interface KeyFrequencies {
  articlesWith(key: string): number;
  /** How many stored articles have this hash in this LSH band (minhash.ts). */
  articlesWithBand(band: number, hash: bigint): number;
  total: number;
}

/** Which band candidates a same-story check reads (src/curate/curate-store.ts, findByBands). */
export interface BandQuery {
  /** Dated candidates outside [from, to] cannot be linked to the article; undated ones always can. */
  within?: [Date, Date];
  /** The article's date: among candidates sharing as many bands, the nearest come first. */
  near?: Date;
  limit: number;
  /** Indices of the bands that find candidates (common-keys.ts); all bands when absent. All of them rank. */
  finding?: number[];
}

/** The window query of a same-story check (src/curate/curate-store.ts, findPublishedBetween). */
export interface WindowQuery {
  from: Date;
  to: Date;
  keys: string[];
  limit: number;
  /** The keys that find candidates; all of `keys` when absent. */
  finding?: string[];
}

/** Every candidate query of one same-story check, answered at once (src/curate/curate-store.ts, findCandidates). */
export interface CandidateQuery {
  contentHash: string;
  bands: bigint[];
  bandQuery: BandQuery;
  /** Absent for an undated article: only copies can be linked to it. */
  window?: WindowQuery;
}

/** Everything one curation decided, written at once. */
export interface CurationWrite {
  articleId: string;
  classification: Classification;
  index: ArticleIndex;
  /** Candidates' fingerprints computed again (stale or missing), by article id. */
  fingerprints: Map<string, StoredFingerprint>;
  /** The stories of the window as read: the write is refused if a curation the read did not see changed one. */
  storiesRead: string[];
  /** Articles of the window that had no story when read (the article itself when new): refused if one has one now. */
  storylessRead: string[];
  /** Every story of the re-clustered window, the article's own last (a story split off takes its new id first). */
  stories: StoryAssignment[];
}

/** What became of a curation's write: refused when what it was decided on changed meanwhile. */
export type WriteOutcome = { written: true; storyIds: string[] } | { written: false };
