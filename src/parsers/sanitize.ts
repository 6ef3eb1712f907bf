import sanitizeHtml from "sanitize-html";
import { ITEM_HTML_LIMITS, assertHtmlWithinLimits, type HtmlLimits } from "./html-limits.ts";

// The tags a reader needs to read an article; everything else (scripts, frames, forms, styles) is dropped.
const ALLOWED_TAGS = [
  "p",
  "br",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "li",
  "blockquote",
  "figure",
  "figcaption",
  "img",
  "a",
  "em",
  "strong",
  "b",
  "i",
  "u",
  "s",
  "sub",
  "sup",
  "code",
  "pre",
  "hr",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "caption",
  "dl",
  "dt",
  "dd",
];

/**
 * Allow-list sanitizing of article HTML from any untrusted page or feed: only reading markup survives, links and
 * images become absolute http(s) URLs, and 1×1 tracking pixels go. sanitize-html's cost grows with nesting depth
 * (11.6 s for 100,000 nested blockquotes), so input over `limits` throws HtmlLimitError before it starts.
 */
export function sanitizeArticleHtml(html: string, baseUrl: string, limits: HtmlLimits = ITEM_HTML_LIMITS): string {
  assertHtmlWithinLimits(html, limits);
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ["href", "title"],
      img: ["src", "alt", "width", "height"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "template", "svg", "math"],
    transformTags: {
      h1: "h2",
      a: (tagName, attribs) => ({ tagName, attribs: withAbsolute(attribs, "href", baseUrl) }),
      img: (tagName, attribs) => ({ tagName, attribs: withAbsolute(attribs, "src", baseUrl) }),
    },
    exclusiveFilter: (frame) => frame.tag === "img" && (!frame.attribs.src || isTrackingPixel(frame.attribs)),
  }).trim();
}

function withAbsolute(attribs: Record<string, string>, name: string, baseUrl: string): Record<string, string> {
  const value = attribs[name];
  if (!value) return attribs;
  try {
    const url = new URL(value.trim(), baseUrl);
    if (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "mailto:")
      return { ...attribs, [name]: url.href };
  } catch {
    // Not a URL at all: drop the attribute below.
  }
  const { [name]: _dropped, ...rest } = attribs;
  return rest;
}

// Pixel sizes as HTML gives them: "1", "1px", " 0 ", "1.0". A missing size is not a pixel: most images omit it.
function isTiny(size: string | undefined): boolean {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$/i.exec(size ?? "");
  return match !== null && Number(match[1]) <= 1;
}

function isTrackingPixel(attribs: Record<string, string>): boolean {
  return isTiny(attribs.width) && isTiny(attribs.height);
}
