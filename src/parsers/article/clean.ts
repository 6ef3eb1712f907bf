// Removes what is never article text before any scoring: scripts and widgets, hidden nodes, page chrome, and
// containers whose class or id names them as boilerplate (share bars, cookie banners, related stories, comments).
import { isNamedBoilerplate } from "./class-names.ts";
import { attr, detach, textOf, walkElements, type Element, type ParentNode } from "./dom.ts";
import { removeInlineWidgets } from "./inline-widgets.ts";
import { wordSet } from "./word-set.ts";

const DROPPED_TAGS = wordSet(`
  script style noscript template svg canvas iframe object embed video audio source track title button input
  select option textarea dialog link meta map head nav aside menu label
`);

const DROPPED_ROLES = wordSet(`
  navigation banner contentinfo complementary dialog alertdialog alert search menu menubar tablist toolbar
  button
`);

/** Strips non-content nodes in place. */
export function removeBoilerplate(root: ParentNode): void {
  const doomed: Element[] = [];
  const pageParagraphText = paragraphTextLength(root);
  walkElements(root, (el) => {
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
