// Last-resort metadata read from what the page shows: a dateline or a byline in an element named for it.
// Used only when JSON-LD, meta tags, <time> and microdata are all silent.
import { parseLooseDate } from "../dates.ts";
import { classWords, findFirst, textOf, type Document, type Element } from "./dom.ts";

const DATE_WORDS = new Set(["date", "time", "published", "pubdate", "posted", "timestamp", "datetime", "dateline"]);
const BYLINE_WORDS = new Set(["byline", "author", "writer", "reporter"]);
const MAX_LABEL_CHARS = 80;

export function visibleDate(doc: Document): string | undefined {
  let found: string | undefined;
  findFirst(doc, (el) => {
    if (!isLabelled(el, DATE_WORDS)) return false;
    const date = parseLooseDate(textOf(el));
    // The page gave no offset; the instant is read as UTC, the convention of the feed parser too.
    if (date) found = date.toISOString().replace(/\.000Z$/, "Z");
    return found !== undefined;
  });
  return found;
}

const URL_DATE =
  /\/((?:19|20)\d{2})[/-](\d{1,2}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[/-](\d{1,2})(?=[/-]|$)/i;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** The day a CMS wrote into the path (/2019/11/18/, /2019/nov/18/): a date without a time, read as UTC midnight. */
export function dateFromUrl(url: string | undefined): string | undefined {
  const m = url ? URL_DATE.exec(url) : null;
  if (!m) return undefined;
  const month = /^\d+$/.test(m[2]) ? Number(m[2]) : MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1;
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${m[1]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}T00:00:00Z`;
}

export function visibleByline(doc: Document): string | undefined {
  let found: string | undefined;
  findFirst(doc, (el) => {
    if (!isLabelled(el, BYLINE_WORDS)) return false;
    const text = textOf(el)
      .replace(/^(by|von|par|автор:?)\s+/i, "")
      .trim();
    if (text.length >= 3 && text.length <= 60 && !/\d{4}/.test(text)) found = text;
    return found !== undefined;
  });
  return found;
}

function isLabelled(el: Element, words: Set<string>): boolean {
  if (el.name === "script" || el.name === "style" || el.name === "meta") return false;
  if (!classWords(el).some((word) => words.has(word))) return false;
  return textOf(el).length <= MAX_LABEL_CHARS;
}
