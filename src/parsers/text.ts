import { load } from "cheerio";

/** Visible text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. For titles and teasers. */
export function htmlToPlainText(html: string | undefined | null): string {
  if (!html) return "";
  if (!/[<&]/.test(html)) return collapseWhitespace(html);
  const $ = load(`<body>${html}</body>`);
  $("script, style, noscript").remove();
  $("br, p, div, li, h1, h2, h3, h4, h5, h6").after(" ");
  return collapseWhitespace($("body").text());
}

export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, " ").trim();
}

/** Readable text of an article's HTML: one paragraph per block element, separated by blank lines. */
export function htmlToParagraphs(html: string | undefined | null): string {
  if (!html) return "";
  const $ = load(`<body>${html}</body>`);
  $("script, style, noscript").remove();
  $("br").replaceWith("\n");
  $("p, div, li, h1, h2, h3, h4, h5, h6, blockquote, figcaption, tr, pre").each((_, el) => {
    $(el).prepend("\n\n").append("\n\n");
  });
  return $("body")
    .text()
    .split(/\n\s*\n/)
    .map(collapseWhitespace)
    .filter(Boolean)
    .join("\n\n");
}
