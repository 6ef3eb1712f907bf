/** Dates as news sites write them: ISO 8601, RFC 822, "19.05.2023 09:00", "19 мая 2023", "2023年5月19日". */

const RU_MONTHS = ["янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"];

export function parseLooseDate(input: string | undefined | null): Date | undefined {
  const text = input?.replace(/\s+/g, " ").trim();
  if (!text) return undefined;
  return fromIsoOrRfc(text) ?? fromDotted(text) ?? fromRussian(text) ?? fromChinese(text);
}

function valid(date: Date): Date | undefined {
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1990 || year > 2100 ? undefined : date;
}

function fromIsoOrRfc(text: string): Date | undefined {
  // Date.parse understands ISO 8601 and RFC 822/1123; a bare "2023-05-19 09:00" is read as local time, so mark it UTC.
  const isoLocal = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(text) ? `${text.replace(" ", "T")}Z` : text;
  const ms = Date.parse(isoLocal);
  return Number.isNaN(ms) ? undefined : valid(new Date(ms));
}

function fromDotted(text: string): Date | undefined {
  const m = /(\d{1,2})[./](\d{1,2})[./](\d{4})(?:,?\s+(\d{1,2}):(\d{2}))?/.exec(text);
  return m ? valid(new Date(Date.UTC(+m[3], +m[2] - 1, +m[1], +(m[4] ?? 0), +(m[5] ?? 0)))) : undefined;
}

function fromRussian(text: string): Date | undefined {
  const m = /(\d{1,2})\s+([а-яё]+)\.?\s+(\d{4})(?:\D+(\d{1,2}):(\d{2}))?/i.exec(text);
  if (!m) return undefined;
  const word = m[2].toLowerCase();
  const month =
    word === "май" || word === "мая" ? 4 : RU_MONTHS.findIndex((stem, i) => i !== 4 && word.startsWith(stem));
  return month < 0 ? undefined : valid(new Date(Date.UTC(+m[3], month, +m[1], +(m[4] ?? 0), +(m[5] ?? 0))));
}

function fromChinese(text: string): Date | undefined {
  const m = /(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2})[:：](\d{2}))?/.exec(text);
  return m ? valid(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0)))) : undefined;
}
