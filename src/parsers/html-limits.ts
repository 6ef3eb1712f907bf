// Bounds on untrusted HTML, checked while it is parsed rather than after: a fragment of 60 KB can nest 5,000 tags,
// and every recursive walk over such a tree (cheerio's .text(), sanitize-html's frames, ancestor scans) either
// overflows the stack or turns quadratic. htmlparser2 itself is iterative, so counting open elements during its
// single pass costs nothing and stops the parse at the first element past the limit.
import { Parser } from "htmlparser2";
import { DomHandler, type Document } from "domhandler";

export interface HtmlLimits {
  maxChars: number;
  maxDepth: number;
}

/** A feed item's title, summary or content: real ones are a few kilobytes and a dozen levels deep. */
export const ITEM_HTML_LIMITS: HtmlLimits = { maxChars: 1_000_000, maxDepth: 256 };

/**
 * A whole page (article or listing). Real news pages run to a few hundred kilobytes and rarely nest past 40 levels;
 * beyond these, parsing and extraction could hold the event loop for seconds.
 */
export const PAGE_HTML_LIMITS: HtmlLimits = { maxChars: 2_000_000, maxDepth: 512 };

/** HTML beyond its limits: the reason says which, for the record of what was dropped. */
export class HtmlLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HtmlLimitError";
  }
}

const HTML_OPTIONS = { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true };
// What cheerio's XML mode uses, so a bounded tree of a feed reads the same as cheerio's own.
const XML_OPTIONS = { xmlMode: true, recognizeCDATA: true, decodeEntities: true };

export type Markup = "html" | "xml";

class DepthLimitedHandler extends DomHandler {
  private readonly maxDepth: number;

  constructor(maxDepth: number, markup: Markup) {
    super(undefined, { xmlMode: markup === "xml" });
    this.maxDepth = maxDepth;
  }

  onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    // tagStack holds the root as well as the open elements. htmlparser2's own stack costs O(depth) per open tag
    // (unshift), which is why stopping here, early, also keeps the parse linear.
    if (this.tagStack.length - 1 > this.maxDepth) throw tooDeep(this.maxDepth);
  }
}

/** Parses HTML into a domhandler tree, refusing input over `limits` before building it in full. */
export function parseBoundedHtml(html: string, limits: HtmlLimits, markup: Markup = "html"): Document {
  assertSize(html, limits);
  const handler = new DepthLimitedHandler(limits.maxDepth, markup);
  new Parser(handler, markup === "xml" ? XML_OPTIONS : HTML_OPTIONS).end(html);
  return handler.root;
}

/** Checks HTML against `limits` without building a tree, for libraries that parse it again themselves. */
export function assertHtmlWithinLimits(html: string, limits: HtmlLimits, markup: Markup = "html"): void {
  assertSize(html, limits);
  let depth = 0;
  const parser = new Parser(
    {
      onopentag() {
        if (++depth > limits.maxDepth) throw tooDeep(limits.maxDepth);
      },
      // Also called for void elements and for elements the parser closes implicitly, so depth follows the tree.
      onclosetag() {
        depth--;
      },
    },
    markup === "xml" ? XML_OPTIONS : HTML_OPTIONS,
  );
  parser.end(html);
}

function assertSize(html: string, limits: HtmlLimits): void {
  if (html.length > limits.maxChars)
    throw new HtmlLimitError(`HTML of ${html.length} characters, over the ${limits.maxChars} limit`);
}

function tooDeep(maxDepth: number): HtmlLimitError {
  return new HtmlLimitError(`HTML nested more than ${maxDepth} elements deep`);
}
