// Day-and-month mentions in a lead ("on the evening of July 4", "5 июля"). Two reports whose leads date their
// events to different days describe different events, however alike their wording: an arrival and the next day's
// talks, two meetings of the same leaders a month apart.

const MONTHS: Array<[RegExp, number]> = [
  [/^(jan|january|января|januar|gennaio|janvier|enero|janeiro|enero)$/, 1],
  [/^(feb|february|февраля|februar|febbraio|février|febrero|fevereiro|pebrero)$/, 2],
  [/^(mar|march|марта|märz|marzo|mars|março|marso)$/, 3],
  [/^(apr|april|апреля|aprile|avril|abril)$/, 4],
  [/^(may|мая|mai|maggio|mayo|maio)$/, 5],
  [/^(jun|june|июня|juni|giugno|juin|junio|junho|hunyo)$/, 6],
  [/^(jul|july|июля|juli|luglio|juillet|julio|julho|hulyo)$/, 7],
  [/^(aug|august|августа|agosto|août)$/, 8],
  [/^(sep|sept|september|сентября|settembre|septembre|septiembre|setembro|setyembre)$/, 9],
  [/^(oct|october|октября|oktober|ottobre|octobre|octubre|outubro|oktubre)$/, 10],
  [/^(nov|november|ноября|novembre|noviembre|novembro|nobyembre)$/, 11],
  [/^(dec|december|декабря|dezember|dicembre|décembre|diciembre|dezembro|disyembre)$/, 12],
];

function monthOf(word: string): number | undefined {
  const lower = word.toLowerCase().replace(/\.$/, "");
  return MONTHS.find(([pattern]) => pattern.test(lower))?.[1];
}

// "4-6 September", "16 to 18 June", "June 16 to 18", "July 4": a first day, an optional last day, a month.
const RANGE = String.raw`(?:\s*(?:-|–|to|and|до|по|bis|al)\s*(\d{1,2}))?`;
const DAY_MONTH = new RegExp(String.raw`\b(\d{1,2})(?:\.|st|nd|rd|th)?${RANGE}\s+(?:of\s+)?(\p{L}+\.?)`, "gu");
const MONTH_DAY = new RegExp(String.raw`(\p{L}+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?${RANGE}\b`, "gu");
// "BEIJING, June 6 (Xinhua) --", "Tokyo, Dec. 20 (Jiji Press)–", "TASHKENT, Uzbekistan, June 6.": the day of filing.
const DATELINE =
  /^\s*\p{Lu}[\p{L}\s'-]{1,30},(?:\s*\p{Lu}[\p{L}\s]{1,30},)?\s*\p{L}+\.?\s+\d{1,2}(?:\s*\([^)]{1,40}\))?\s*[-–—.:]*/u;

/** "M-D" keys for every day-and-month mention in the text, ranges expanded, the dateline left out. */
export function eventDatesIn(text: string): Set<string> {
  const found = new Set<string>();
  const add = (monthWord: string, firstText: string, lastText: string | undefined) => {
    const month = monthOf(monthWord);
    const first = Number(firstText);
    const last = lastText ? Number(lastText) : first;
    if (!month || first < 1 || last > 31 || last < first || last - first > 7) return;
    for (let day = first; day <= last; day++) found.add(`${month}-${day}`);
  };
  const body = text.replace(DATELINE, "");
  for (const m of body.matchAll(DAY_MONTH)) add(m[3], m[1], m[2]);
  for (const m of body.matchAll(MONTH_DAY)) add(m[1], m[2], m[3]);
  return found;
}

/** Both leads give event dates and none of them agree. */
export function eventDatesDisagree(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const date of a) if (b.has(date)) return false;
  return true;
}

const DAY_MS = 86_400_000;
/** How far ahead a lead date may lie and still be the event the article previews. */
const PREVIEW_HORIZON_DAYS = 60;

function daysAhead(monthDay: string, published: Date): number {
  const [month, day] = monthDay.split("-").map(Number);
  const from = Date.UTC(published.getUTCFullYear(), published.getUTCMonth(), published.getUTCDate());
  let at = Date.UTC(published.getUTCFullYear(), month - 1, day);
  if (at < from - PREVIEW_HORIZON_DAYS * DAY_MS) at = Date.UTC(published.getUTCFullYear() + 1, month - 1, day);
  return (at - from) / DAY_MS;
}

/**
 * A preview: published to the day, and every event day its lead gives lies after that day (within two months).
 * "Xi will attend the summit in Astana on June 16-18", published June 13.
 */
export function isPreview(leadDates: Set<string>, article: { publishedAt?: Date; datePrecision: string }): boolean {
  if (leadDates.size === 0 || article.datePrecision !== "day" || !article.publishedAt) return false;
  const published = article.publishedAt;
  return [...leadDates].every((date) => {
    const ahead = daysAhead(date, published);
    return ahead >= 1 && ahead <= PREVIEW_HORIZON_DAYS;
  });
}
