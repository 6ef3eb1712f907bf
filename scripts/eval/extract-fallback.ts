// The fallbacks of article extraction scored on their own: every page is extracted as if its chosen container
// had come out empty, so the text comes from JSON-LD articleBody or the page's main run of paragraphs. No dev page
// needs the fallback, so this is the only dev measure of what a rescued page on unseen data will look like.
import { findFirst, parseHtml } from "../../src/parsers/article/dom.ts";
import { readMetadata } from "../../src/parsers/article/metadata.ts";
import { removeBoilerplate } from "../../src/parsers/article/clean.ts";
import { collectBlocks } from "../../src/parsers/article/blocks.ts";
import { settleArticle } from "../../src/parsers/article/fallback.ts";

export function fallbackText(html: string, url: string): { text: string; status: string } {
  const doc = parseHtml(html);
  const metadata = readMetadata(doc, url);
  const body = findFirst(doc, (el) => el.name === "body") ?? findFirst(doc, (el) => el.name === "html");
  if (!body) return { text: "", status: "no-article" };
  removeBoilerplate(body);
  const pageBlocks = collectBlocks(body, url);
  const settled = settleArticle({ status: "no-article", text: "", kept: [], pageBlocks, metadata });
  return { text: settled.text, status: settled.status };
}
