// Removes what is never article text before any scoring: scripts and widgets, hidden nodes, page chrome, and
// containers whose class or id names them as boilerplate (share bars, cookie banners, related stories, comments).
import { attr, classWords, detach, isTag, textOf, walkElements, type Element, type ParentNode } from "./dom.ts";

const DROPPED_TAGS = new Set([
  "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "video", "audio",
  "source", "track", "title", "button", "input", "select", "option", "textarea", "dialog", "link", "meta", "map", "head",
  "nav", "aside", "menu", "label",
]);

const DROPPED_ROLES = new Set([
  "navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "alert", "search", "menu",
  "menubar", "tablist", "toolbar", "button",
]);

// Words in class/id that name page furniture. Matched as whole words so "read" never matches "ad".
const BOILERPLATE_WORDS = new Set([
  "ad", "ads", "adv", "advert", "adverts", "advertisement", "adsense", "adslot", "dfp", "gpt", "banner",
  "breadcrumb", "breadcrumbs", "comment", "comments", "disqus", "cookie", "cookies", "consent", "gdpr", "cmp",
  "footer", "menu", "nav", "navbar", "navigation", "related", "recommended", "recommendations", "recirc",
  "recirculation", "share", "sharing", "sharebar", "social", "socials", "sponsor", "sponsored", "sidebar",
  "popup", "modal", "overlay", "newsletter", "subscribe", "subscription", "signup", "promo", "promotion",
  "outbrain", "taboola", "widget", "widgets", "pagination", "pager", "toolbar", "masthead", "byline",
  "dateline", "popular", "trending", "rail", "hidden", "hide", "invisible", "sr", "skip", "print", "tags",
  "tag", "keywords", "topics", "author", "bio", "jw", "vjs", "playlist", "sticky", "login", "paywall",
  "more", "readmore", "next", "prev", "previous", "tools", "utility", "meta", "crumbs", "feedback", "rating",
  "reactions", "donate", "donation", "copyright", "disclaimer", "legal", "app", "download", "teaser",
  "teasers", "header", "caption",
]);

// Words that mark the article itself; a container carrying one is never dropped for a boilerplate word.
const CONTENT_WORDS = new Set([
  "article", "articlebody", "body", "content", "entry", "main", "post", "story", "text", "prose", "richtext",
]);

// Class words that, even next to a content word, name a thing inside the article that is not its text.
const STRONG_BOILERPLATE_WORDS = new Set([
  "comment", "comments", "related", "share", "sharing", "social", "newsletter", "cookie", "consent", "gdpr",
  "advertisement", "ads", "outbrain", "taboola", "recommended", "popular", "trending", "sponsored", "promo",
  "breadcrumb", "breadcrumbs", "hidden", "byline",
]);

/** Strips non-content nodes in place. `keep` protects containers recognised as the article body. */
export function removeBoilerplate(root: ParentNode, keep: (el: Element) => boolean = () => false): void {
  const doomed: Element[] = [];
  const pageParagraphText = paragraphTextLength(root);
  walkElements(root, (el) => {
    if (keep(el)) return;
    if (isNeverContent(el)) {
      doomed.push(el);
      return false;
    }
    // A class word alone never takes away most of the page's paragraphs: wrappers like "page hide-sidebar".
    if (isNamedBoilerplate(el) && (pageParagraphText === 0 || paragraphTextLength(el) < 0.5 * pageParagraphText)) {
      doomed.push(el);
      return false;
    }
  });
  for (const el of doomed) detach(el);
  removeInlineWidgets(root);
}

// Hover cards and inline widgets (a person's photo with links to their latest stories) sit inside sentences as
// <span>s; CSS hides them until hover. Text never carries an image and several links inside a span, so the
// smallest span that does is dropped, and the words around it stay.
function removeInlineWidgets(root: ParentNode): void {
  const doomed: Element[] = [];
  walkElements(root, (el) => {
    if (el.name !== "span") return;
    measureSpan(el, doomed);
    return false;
  });
  for (const el of doomed) detach(el);
}

const TEXT_BLOCK_TAGS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "table"]);

interface SpanContent {
  images: number;
  links: number;
  /** Paragraphs, headings, lists: a span holding them is a broken wrapper (an unclosed tag), not a widget. */
  blocks: number;
}

function measureSpan(el: Element, doomed: Element[]): SpanContent {
  const total: SpanContent = { images: 0, links: 0, blocks: 0 };
  for (const child of el.children) {
    if (!isTag(child)) continue;
    if (child.name === "img") total.images++;
    else if (child.name === "a") total.links++;
    else if (TEXT_BLOCK_TAGS.has(child.name)) total.blocks++;
    const inner = measureSpan(child, doomed);
    total.images += inner.images;
    total.links += inner.links;
    total.blocks += inner.blocks;
  }
  if (el.name === "span" && total.images > 0 && total.links >= 2 && total.blocks === 0) {
    doomed.push(el);
    return { images: 0, links: 0, blocks: 0 };
  }
  return total;
}

function paragraphTextLength(root: ParentNode): number {
  let length = 0;
  walkElements(root, (el) => {
    if (el.name !== "p") return;
    length += textOf(el).length;
    return false;
  });
  return length;
}

function isNeverContent(el: Element): boolean {
  if (DROPPED_TAGS.has(el.name)) return true;
  if (el.name === "form" && !looksLikePageWrapperForm(el)) return true;
  if (el.name === "footer" || el.name === "header") return true;
  if ("hidden" in el.attribs || attr(el, "aria-hidden") === "true") return el.name !== "main";
  if (DROPPED_ROLES.has(attr(el, "role"))) return true;
  const style = attr(el, "style").toLowerCase();
  return /display\s*:\s*none|visibility\s*:\s*hidden/.test(style);
}

// ASP.NET and some CMS wrap the whole page in one <form>; dropping it would drop the article. A search box or
// a login form holds a few words; a wrapper holds paragraphs, or at least a page of text.
function looksLikePageWrapperForm(el: Element): boolean {
  let paragraphs = 0;
  walkElements(el, (child) => {
    if (child.name === "p") paragraphs++;
    return paragraphs < 3;
  });
  return paragraphs >= 3 || textOf(el).length > 400;
}

// Inline elements carry styling classes ("a-size-large product-title") inside sentences; dropping one would cut
// words out of a paragraph, so only words that name caption credits or hidden text remove inline elements.
const INLINE_TAGS = new Set(["a", "span", "em", "strong", "b", "i", "u", "font", "small", "sup", "sub", "time", "abbr", "code", "mark", "cite", "q"]);
const INLINE_BOILERPLATE_WORDS = new Set(["caption", "credit", "credits", "hidden", "sr", "share", "ad", "ads"]);

const HEADING_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

// Data tables name rows after what they hold ("player-2020-580", "ad-revenue"), not after page furniture.
const TABLE_PARTS = new Set(["tr", "td", "th", "tbody", "thead", "tfoot"]);

// Responsive-framework classes ("hidden-xs", "hide-on-mobile") hide an element on some screens only.
const SCREEN_SIZES = new Set(["xs", "sm", "md", "lg", "xl", "xxl", "mobile", "tablet", "desktop", "phone", "small", "medium", "large", "on"]);

function boilerplateCandidateWords(el: Element): string[] {
  const words = classWords(el);
  return words.filter((word, i) => !((word === "hidden" || word === "hide" || word === "visible") && SCREEN_SIZES.has(words[i + 1])));
}

function isNamedBoilerplate(el: Element): boolean {
  if (el.name === "body" || el.name === "html" || el.name === "main" || TABLE_PARTS.has(el.name)) return false;
  const words = boilerplateCandidateWords(el);
  if (INLINE_TAGS.has(el.name)) return words.some((word) => INLINE_BOILERPLATE_WORDS.has(word));
  // A heading's class says "title" or "headline" by nature; only strong words (related, share) condemn one.
  if (HEADING_TAGS.has(el.name)) return words.some((word) => STRONG_BOILERPLATE_WORDS.has(word));
  if (words.length === 0) return false;
  let boilerplate = false;
  let strong = false;
  let content = false;
  for (const word of words) {
    if (BOILERPLATE_WORDS.has(word)) boilerplate = true;
    if (STRONG_BOILERPLATE_WORDS.has(word)) strong = true;
    if (CONTENT_WORDS.has(word)) content = true;
  }
  if (!boilerplate) return false;
  if (el.name === "article" && !strong) return false;
  return strong || !content;
}
