// Turns a cleaned tree into a flat list of text blocks in reading order: each paragraph, heading, list item,
// quote or figure once, with its text, a small safe HTML rendering and how much of it sits inside links.
// Scoring, selection and rendering all work on this list, so the tree is walked only once.
import { attr, isTag, isText, type AnyNode, type Element } from "./dom.ts";
import { absoluteUrl, imageSource } from "./urls.ts";

export type BlockKind = "p" | "heading" | "li" | "quote" | "pre" | "figure" | "cell";

export interface Block {
  kind: BlockKind;
  /** Heading level 1–6 for headings. */
  level?: number;
  text: string;
  html: string;
  linkChars: number;
  /** The element that holds the text; its ancestors receive the block's score. */
  element: Element;
  /** For list items: the list they belong to, and whether it is numbered. */
  list?: Element;
  ordered?: boolean;
  image?: { src: string; alt: string };
}

const INLINE_TAGS = new Set([
  "a",
  "abbr",
  "b",
  "bdi",
  "bdo",
  "cite",
  "code",
  "data",
  "del",
  "dfn",
  "em",
  "font",
  "i",
  "ins",
  "kbd",
  "mark",
  "q",
  "s",
  "samp",
  "small",
  "span",
  "strike",
  "strong",
  "sub",
  "sup",
  "time",
  "tt",
  "u",
  "var",
  "wbr",
  "big",
  "nobr",
  "label",
  "acronym",
]);
const KEPT_INLINE_TAGS = new Set(["a", "em", "strong", "b", "i"]);
const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

interface Context {
  kind: BlockKind;
  level?: number;
  list?: Element;
  ordered?: boolean;
  inLink: boolean;
}

class BlockCollector {
  readonly blocks: Block[] = [];
  private text = "";
  private html = "";
  private linkChars = 0;
  private afterBreak = false;
  private owner: Element;
  private context: Context;
  private readonly baseUrl: string;

  constructor(root: Element, baseUrl: string) {
    this.owner = root;
    this.context = { kind: "p", inLink: false };
    this.baseUrl = baseUrl;
  }

  collect(node: AnyNode): void {
    if (isText(node)) return this.addText(node.data);
    if (!isTag(node)) return;
    if (INLINE_TAGS.has(node.name)) return this.collectInline(node);
    if (node.name === "br") return this.addBreak();
    if (node.name === "img") return this.addImage(node);
    if (node.name === "figure") return this.addFigure(node);
    if ((node.name === "td" || node.name === "th") && this.owner.name === "tr") return this.collectCell(node);
    this.collectBlock(node);
  }

  // Pages that separate paragraphs with <br><br> instead of <p> get one block per paragraph.
  private addBreak(): void {
    if (this.afterBreak) return this.flush();
    this.text += "\n";
    this.html += "<br>";
    this.afterBreak = true;
  }

  private addText(raw: string): void {
    // Source newlines are only whitespace in HTML, except inside <pre>.
    const data = this.context.kind === "pre" ? raw : raw.replace(/\s+/g, " ");
    if (data.trim() !== "") this.afterBreak = false;
    this.text += data;
    this.html += escapeHtml(data);
    if (this.context.inLink) this.linkChars += data.replace(/\s+/g, "").length;
  }

  private collectInline(el: Element): void {
    const keptTag = KEPT_INLINE_TAGS.has(el.name) ? el.name : undefined;
    const href = el.name === "a" ? absoluteUrl(attr(el, "href"), this.baseUrl) : undefined;
    if (keptTag === "a") this.html += href ? `<a href="${escapeHtml(href)}">` : "";
    else if (keptTag) this.html += `<${keptTag}>`;
    const wasInLink = this.context.inLink;
    if (el.name === "a") this.context.inLink = true;
    for (const child of el.children) this.collect(child);
    this.context.inLink = wasInLink;
    if (keptTag === "a") this.html += href ? "</a>" : "";
    else if (keptTag) this.html += `</${keptTag}>`;
  }

  // A data table reads row by row: the cells of a row make one line, as the benchmark's annotators wrote them.
  private collectCell(el: Element): void {
    this.text += " ";
    this.html += " ";
    for (const child of el.children) this.collect(child);
  }

  private collectBlock(el: Element): void {
    this.flush();
    const outer = this.context;
    const outerOwner = this.owner;
    this.context = contextFor(el, outer);
    this.owner = el;
    for (const child of el.children) this.collect(child);
    this.flush();
    this.context = outer;
    this.owner = outerOwner;
  }

  private addImage(el: Element): void {
    // An image in the middle of a sentence is an emoji or an icon; only one standing on its own is a figure.
    if (this.text.trim() !== "") return;
    const src = imageSource(el, this.baseUrl);
    if (!src) return;
    this.flush();
    this.pushBlock({
      kind: "figure",
      text: "",
      html: "",
      linkChars: 0,
      element: el,
      image: { src, alt: attr(el, "alt") },
    });
  }

  private addFigure(el: Element): void {
    this.flush();
    let image: Block["image"];
    let caption = "";
    const visit = (node: AnyNode): void => {
      if (!isTag(node)) return;
      if (node.name === "img" && !image) {
        const src = imageSource(node, this.baseUrl);
        if (src) image = { src, alt: attr(node, "alt") };
      }
      if (node.name === "figcaption") caption += " " + textWithBreaks(node);
      else node.children.forEach(visit);
    };
    el.children.forEach(visit);
    const text = caption.replace(/\s+/g, " ").trim();
    if (!image && !text) return;
    this.pushBlock({ kind: "figure", text, html: escapeHtml(text), linkChars: 0, element: el, image });
  }

  /** Ends the block being gathered. */
  flush(): void {
    const pre = this.context.kind === "pre";
    const text = pre ? this.text.replace(/^\n+|\s+$/g, "") : this.text.replace(/\s+/g, " ").trim();
    if (text !== "") {
      const html = this.html.trim().replace(/^(<br>\s*)+|(<br>\s*)+$/g, "");
      this.pushBlock({ ...this.context, text, html, linkChars: this.linkChars, element: this.owner });
    }
    this.text = "";
    this.html = "";
    this.linkChars = 0;
    this.afterBreak = false;
  }

  private pushBlock(block: Block & { inLink?: boolean }): void {
    const { inLink: _ignored, ...clean } = block;
    this.blocks.push(clean);
  }
}

function contextFor(el: Element, outer: Context): Context {
  const name = el.name;
  if (HEADINGS.has(name)) return { ...outer, kind: "heading", level: Number(name[1]) };
  if (name === "li") {
    const list = el.parent && isTag(el.parent) ? el.parent : undefined;
    return { ...outer, kind: outer.kind === "quote" ? "quote" : "li", list, ordered: list?.name === "ol" };
  }
  if (name === "blockquote") return { ...outer, kind: "quote" };
  if (name === "pre") return { ...outer, kind: "pre" };
  if (name === "tr" || name === "td" || name === "th")
    return { ...outer, kind: outer.kind === "p" ? "cell" : outer.kind };
  if (name === "figcaption") return { ...outer, kind: "figure" };
  return outer.kind === "heading" ? { ...outer, kind: "p" } : outer;
}

function textWithBreaks(el: Element): string {
  let out = "";
  const visit = (node: AnyNode): void => {
    if (isText(node)) out += node.data;
    else if (isTag(node)) node.children.forEach(visit);
  };
  visit(el);
  return out;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function collectBlocks(root: Element, baseUrl: string): Block[] {
  const collector = new BlockCollector(root, baseUrl);
  for (const child of root.children) collector.collect(child);
  collector.flush();
  return collector.blocks;
}
