// JSON-LD is the most trusted metadata source: publishers fill it for search engines and keep it correct.
// Pages nest the article in @graph, in arrays, or under mainEntity, and many blocks are not strictly valid JSON.
import { textOf, type Element } from "./dom.ts";

export interface JsonLdArticle {
  /** "webpage" when the page declares only a WebPage: weaker evidence that it holds one article. */
  kind: "article" | "webpage";
  headline?: string;
  authors: string[];
  datePublished?: string;
  dateModified?: string;
  inLanguage?: string;
  url?: string;
  image?: string;
  publisher?: string;
  isAccessibleForFree?: boolean;
  articleBody?: string;
}

export interface JsonLdSummary {
  article?: JsonLdArticle;
  /** Every @type seen, lowercased, to tell listing pages (CollectionPage, ItemList) from articles. */
  types: Set<string>;
  siteName?: string;
}

const ARTICLE_TYPE =
  /^(newsarticle|article|reportagenewsarticle|analysisnewsarticle|opinionnewsarticle|backgroundnewsarticle|blogposting|liveblogposting|report|scholarlyarticle|techarticle|webpage|socialmediaposting)$/;

export function readJsonLd(scripts: Element[]): JsonLdSummary {
  const nodes: Record<string, unknown>[] = [];
  for (const script of scripts) {
    for (const root of parseLenient(textOf(script))) collectNodes(root, nodes, 0);
  }
  const types = new Set<string>();
  for (const node of nodes) for (const type of typesOf(node)) types.add(type);
  const article = pickArticle(nodes);
  const website = nodes.find((node) => typesOf(node).includes("website"));
  return {
    article: article ? toArticle(article) : undefined,
    types,
    siteName: website ? stringOf(website.name) : undefined,
  };
}

function parseLenient(source: string): unknown[] {
  const trimmed = source
    .trim()
    .replace(/^<!--|-->$/g, "")
    .replace(/^\/\*<!\[CDATA\[\*\/|\/\*\]\]>\*\/$/g, "");
  if (trimmed === "") return [];
  for (const candidate of [trimmed, trimmed.replace(/[\u0000-\u001f]+/g, " ")]) {
    try {
      return [JSON.parse(candidate)];
    } catch {
      // Raw newlines inside strings are the usual breakage; the second candidate flattens them.
    }
  }
  return [];
}

function collectNodes(value: unknown, out: Record<string, unknown>[], depth: number): void {
  if (depth > 6 || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) collectNodes(item, out, depth + 1);
    return;
  }
  const node = value as Record<string, unknown>;
  out.push(node);
  for (const key of ["@graph", "mainEntity", "mainEntityOfPage", "hasPart", "itemListElement"]) {
    if (key in node) collectNodes(node[key], out, depth + 1);
  }
}

function typesOf(node: Record<string, unknown>): string[] {
  const type = node["@type"];
  const list = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === "string").map((t) => t.toLowerCase().replace(/^.*[/#]/, ""));
}

// A real article type beats WebPage; among equals, the one with a headline and body wins.
function pickArticle(nodes: Record<string, unknown>[]): Record<string, unknown> | undefined {
  let best: Record<string, unknown> | undefined;
  let bestRank = 0;
  for (const node of nodes) {
    const types = typesOf(node);
    if (!types.some((t) => ARTICLE_TYPE.test(t))) continue;
    let rank = types.includes("webpage") ? 1 : 3;
    if (node.headline) rank += 1;
    if (node.articleBody) rank += 1;
    if (node.datePublished) rank += 1;
    if (rank > bestRank) {
      best = node;
      bestRank = rank;
    }
  }
  return best;
}

function toArticle(node: Record<string, unknown>): JsonLdArticle {
  const free = node.isAccessibleForFree;
  const kind = typesOf(node).some((t) => t !== "webpage" && ARTICLE_TYPE.test(t)) ? "article" : "webpage";
  return {
    kind,
    headline: stringOf(node.headline) ?? stringOf(node.name),
    authors: namesOf(node.author ?? node.creator),
    datePublished: stringOf(node.datePublished) ?? stringOf(node.dateCreated),
    dateModified: stringOf(node.dateModified),
    inLanguage: stringOf(node.inLanguage),
    url: stringOf(node.url) ?? idOf(node.mainEntityOfPage),
    image: imageOf(node.image ?? node.thumbnailUrl),
    publisher: namesOf(node.publisher)[0],
    isAccessibleForFree:
      free === false || free === "false" || free === "False" ? false : free === undefined ? undefined : true,
    articleBody: stringOf(node.articleBody),
  };
}

// A loop, not recursion: JSON-LD is page data, and [[[[…]]]] can nest as deep as the page likes.
export function stringOf(value: unknown): string | undefined {
  let current = value;
  for (;;) {
    if (typeof current === "string") return current.trim() || undefined;
    if (typeof current === "number") return String(current);
    if (Array.isArray(current)) current = current[0];
    else if (current && typeof current === "object" && "@value" in current)
      current = (current as { "@value": unknown })["@value"];
    else return undefined;
  }
}

function namesOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const names: string[] = [];
  for (const item of list) {
    const name = typeof item === "string" ? item : stringOf((item as Record<string, unknown> | null)?.name);
    if (name && !/^https?:\/\//.test(name) && !names.includes(name)) names.push(name.trim());
  }
  return names;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object")
    return stringOf((value as Record<string, unknown>)["@id"]) ?? stringOf((value as Record<string, unknown>).url);
  return undefined;
}

function imageOf(value: unknown): string | undefined {
  let current = value;
  while (Array.isArray(current)) current = current[0];
  if (typeof current === "string") return current;
  if (current && typeof current === "object")
    return (
      stringOf((current as Record<string, unknown>).url) ?? stringOf((current as Record<string, unknown>).contentUrl)
    );
  return undefined;
}
