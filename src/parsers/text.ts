// Text out of untrusted HTML. Every walk here is iterative (an explicit stack), because a hostile fragment can
// nest tens of thousands of elements and a recursive walk (cheerio's .text()) overflows the call stack.
import { hasChildren, isTag, isText, type AnyNode } from "domhandler";
import { ITEM_HTML_LIMITS, parseBoundedHtml, type HtmlLimits } from "./html-limits.ts";

const SKIPPED = new Set(["script", "style", "noscript", "template"]);
const TITLE_BREAKS = new Set(["br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"]);
const PARAGRAPHS = new Set([
  "p",
  "div",
  "li",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "figcaption",
  "tr",
  "pre",
]);

/**
 * Visible text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. For titles and teasers.
 * Throws HtmlLimitError for fragments over `limits`.
 */
export function htmlToPlainText(html: string | undefined | null, limits: HtmlLimits = ITEM_HTML_LIMITS): string {
  if (!html) return "";
  if (!/[<&]/.test(html)) return collapseWhitespace(html);
  const root = parseBoundedHtml(html, limits);
  return collapseWhitespace(joinText(root, (name) => (TITLE_BREAKS.has(name) ? ["", " "] : undefined), SKIPPED));
}

export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, " ").trim();
}

/**
 * Readable text of an article's HTML: one paragraph per block element, separated by blank lines. Throws
 * HtmlLimitError for fragments over `limits`.
 */
export function htmlToParagraphs(html: string | undefined | null, limits: HtmlLimits = ITEM_HTML_LIMITS): string {
  if (!html) return "";
  const root = parseBoundedHtml(html, limits);
  const breaks: Separators = (name) =>
    name === "br" ? ["\n", ""] : PARAGRAPHS.has(name) ? ["\n\n", "\n\n"] : undefined;
  const text = joinText(root, breaks, SKIPPED);
  return text
    .split(/\n\s*\n/)
    .map(collapseWhitespace)
    .filter(Boolean)
    .join("\n\n");
}

/** The concatenated text nodes under `node` (scripts included, like DOM textContent), without recursion. */
export function nodeText(node: AnyNode): string {
  return joinText(node, () => undefined, new Set());
}

type Separators = (tagName: string) => [before: string, after: string] | undefined;

function joinText(start: AnyNode, separators: Separators, skipped: ReadonlySet<string>): string {
  const parts: string[] = [];
  // Strings on the stack are separators to emit once the walk reaches them.
  const stack: Array<AnyNode | string> = [start];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === "string") {
      parts.push(item);
    } else if (isText(item)) {
      parts.push(item.data);
    } else if (hasChildren(item)) {
      if (isTag(item) && skipped.has(item.name)) continue;
      const around = isTag(item) ? separators(item.name) : undefined;
      if (around) parts.push(around[0]);
      if (around) stack.push(around[1]);
      const children = item.children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return parts.join("");
}
