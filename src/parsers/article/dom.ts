// Small DOM layer over htmlparser2: parsing, walking and text measures that the extraction steps share.
// htmlparser2 builds a tree about three times faster than cheerio's parse5 path, and nothing here needs CSS.
import { isTag, isText, type AnyNode, type Document, type Element, type ParentNode } from "domhandler";
import { removeElement } from "domutils";
import { PAGE_HTML_LIMITS, parseBoundedHtml } from "../html-limits.ts";
import { nodeText } from "../text.ts";

export type { AnyNode, Document, Element, ParentNode };
export { isTag, isText };

/**
 * Parses a page, throwing HtmlLimitError past PAGE_HTML_LIMITS' depth: the extraction steps look at ancestors of
 * every block, which is quadratic in depth (100,000 nested blockquotes took minutes).
 */
export function parseHtml(html: string): Document {
  return parseBoundedHtml(html, PAGE_HTML_LIMITS);
}

export function attr(el: Element, name: string): string {
  return el.attribs[name] ?? "";
}

export function childElements(node: ParentNode): Element[] {
  return node.children.filter(isTag);
}

/** Depth-first, document order. The visitor returns false to skip a subtree. */
export function walkElements(root: ParentNode, visit: (el: Element) => boolean | void): void {
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isTag(node)) continue;
    if (visit(node) === false) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

export function findAll(root: ParentNode, test: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  walkElements(root, (el) => {
    if (test(el)) found.push(el);
  });
  return found;
}

export function findFirst(root: ParentNode, test: (el: Element) => boolean): Element | undefined {
  let hit: Element | undefined;
  walkElements(root, (el) => {
    if (hit) return false;
    if (test(el)) hit = el;
  });
  return hit;
}

export function byTag(root: ParentNode, ...names: string[]): Element[] {
  return findAll(root, (el) => names.includes(el.name));
}

/** Text of a subtree with whitespace collapsed; the raw concatenation HTML gives, no block breaks. */
export function textOf(node: AnyNode): string {
  return collapseSpace(rawText(node));
}

export function rawText(node: AnyNode): string {
  return nodeText(node);
}

export function collapseSpace(text: string): string {
  return text.replace(/[\s\u00a0\u200b\u3000]+/g, " ").trim();
}

/** Length of the text inside links, over the text of the whole subtree. */
export function linkDensity(el: Element, textLength = textOf(el).length): number {
  if (textLength === 0) return 0;
  let linked = 0;
  walkElements(el, (child) => {
    if (child.name !== "a") return;
    linked += textOf(child).length;
    return false;
  });
  if (el.name === "a") linked = textLength;
  return Math.min(1, linked / textLength);
}

export function detach(node: AnyNode): void {
  removeElement(node);
}

export function ancestors(el: AnyNode): Element[] {
  const chain: Element[] = [];
  for (let p = el.parent; p && isTag(p); p = p.parent) chain.push(p);
  return chain;
}

/** class and id split into lowercase words, camelCase and kebab/snake joints included. */
export function classWords(el: Element): string[] {
  const raw = `${attr(el, "class")} ${attr(el, "id")}`;
  if (raw.trim() === "") return [];
  return raw
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

export function classText(el: Element): string {
  return `${attr(el, "class")} ${attr(el, "id")}`.toLowerCase();
}
