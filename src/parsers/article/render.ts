// Renders the chosen blocks as plain text (paragraphs separated by blank lines) and as sanitized HTML.
import { sanitizeArticleHtml } from "../sanitize.ts";
import { PAGE_HTML_LIMITS } from "../html-limits.ts";
import { escapeHtml, type Block } from "./blocks.ts";

// The blocks come from a page already parsed within PAGE_HTML_LIMITS, so their size is bounded by it; rendering
// (absolute links, escaped text) may make the HTML somewhat longer than the part of the page it came from.
const RENDERED_LIMITS = { maxChars: 2 * PAGE_HTML_LIMITS.maxChars, maxDepth: PAGE_HTML_LIMITS.maxDepth };

export function renderText(blocks: Block[]): string {
  return (
    blocks
      // Captions stay in the HTML; in the text they repeat the paragraphs and skew the classifier.
      .filter((block) => block.kind !== "figure")
      .map((block) => block.text)
      .filter((text) => text !== "")
      .join("\n\n")
  );
}

/** Blocks as HTML, through the same allow-list sanitizer as every other untrusted HTML we store. */
export function renderHtml(blocks: Block[], pageUrl: string): string {
  const parts: string[] = [];
  let openList: Block | undefined;
  let inQuote = false;
  for (const block of blocks) {
    if (openList && (block.kind !== "li" || block.list !== openList.list)) {
      parts.push(openList.ordered ? "</ol>" : "</ul>");
      openList = undefined;
    }
    if (inQuote && block.kind !== "quote") {
      parts.push("</blockquote>");
      inQuote = false;
    }
    if (block.kind === "li" && !openList) {
      parts.push(block.ordered ? "<ol>" : "<ul>");
      openList = block;
    }
    if (block.kind === "quote" && !inQuote) {
      parts.push("<blockquote>");
      inQuote = true;
    }
    parts.push(renderBlock(block));
  }
  if (openList) parts.push(openList.ordered ? "</ol>" : "</ul>");
  if (inQuote) parts.push("</blockquote>");
  return sanitizeArticleHtml(parts.join("\n"), pageUrl, RENDERED_LIMITS);
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case "heading": {
      const level = Math.min(6, Math.max(2, block.level ?? 2));
      return `<h${level}>${block.html}</h${level}>`;
    }
    case "li":
      return `<li>${block.html}</li>`;
    case "pre":
      return `<p>${block.html}</p>`;
    case "figure": {
      const image = block.image
        ? `<img src="${escapeHtml(block.image.src)}" alt="${escapeHtml(block.image.alt)}">`
        : "";
      const caption = block.text ? `<figcaption>${escapeHtml(block.text)}</figcaption>` : "";
      return `<figure>${image}${caption}</figure>`;
    }
    default:
      return `<p>${block.html}</p>`;
  }
}
