// Inline widgets: hover cards and similar boxes that sit inside sentences.
import { detach, isTag, walkElements, type Element, type ParentNode } from "./dom.ts";
import { wordSet } from "./word-set.ts";

// Hover cards and inline widgets (a person's photo with links to their latest stories) sit inside sentences as
// <span>s; CSS hides them until hover. Text never carries an image and several links inside a span, so the
// smallest span that does is dropped, and the words around it stay.
export function removeInlineWidgets(root: ParentNode): void {
  const doomed: Element[] = [];
  walkElements(root, (el) => {
    if (el.name !== "span") return;
    measureSpan(el, doomed);
    return false;
  });
  for (const el of doomed) detach(el);
}

const TEXT_BLOCK_TAGS = wordSet(`
  p h1 h2 h3 h4 h5 h6 li blockquote table
`);

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
