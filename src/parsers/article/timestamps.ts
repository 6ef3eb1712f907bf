// Page timestamps normalised to ISO 8601 while keeping the offset the page gave: "+06:00" tells a reader in
// Almaty's time more than the same instant in UTC would, and the instant stays exact either way.

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const RFC =
  /(\d{1,2})\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?\s*(gmt|utc|z|[+-]\d{2}:?\d{2})?)?/i;
const MONTH_FIRST =
  /([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?\s*(gmt|utc|z|[+-]\d{2}:?\d{2})?)?/i;

/** ISO 8601 with offset ("Z" when the page gave none), or undefined when the text is not a plausible date. */
export function normalizeTimestamp(input: string | undefined): string | undefined {
  const text = input?.trim();
  if (!text) return undefined;
  const iso = ISO.exec(text);
  if (iso) return build(iso[1], iso[2], iso[3], iso[4], iso[5], iso[6], undefined, iso[7]);
  const compact = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$/.exec(text);
  if (compact)
    return build(compact[1], compact[2], compact[3], compact[4], compact[5], compact[6], undefined, undefined);
  const rfc = RFC.exec(text);
  if (rfc) return build(rfc[3], monthNumber(rfc[2]), rfc[1], rfc[4], rfc[5], rfc[6], rfc[7], rfc[8]);
  const monthFirst = MONTH_FIRST.exec(text);
  if (monthFirst) {
    const m = monthFirst;
    return build(m[3], monthNumber(m[1]), m[2], m[4], m[5], m[6], m[7], m[8]);
  }
  return undefined;
}

function monthNumber(name: string): string {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index < 0 ? "" : String(index + 1);
}

function build(
  year: string,
  month: string,
  day: string,
  hour = "0",
  minute = "0",
  second = "0",
  meridiem?: string,
  zone?: string,
): string | undefined {
  let h = Number(hour);
  if (meridiem?.toLowerCase() === "pm" && h < 12) h += 12;
  if (meridiem?.toLowerCase() === "am" && h === 12) h = 0;
  const parts = [Number(year), Number(month), Number(day), h, Number(minute), Number(second)];
  if (parts.some((n) => !Number.isFinite(n))) return undefined;
  const [y, mo, d, hh, mi, ss] = parts;
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mi > 59 || ss > 60) return undefined;
  const offset = offsetOf(zone);
  if (offset === undefined) return undefined;
  return `${y}-${pad(mo)}-${pad(d)}T${pad(hh)}:${pad(mi)}:${pad(ss)}${offset}`;
}

function offsetOf(zone: string | undefined): string | undefined {
  if (!zone || /^(z|gmt|utc)$/i.test(zone)) return "Z";
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const minutes = m[3] ?? "00";
  if (m[2] === "00" && minutes === "00") return "Z";
  return `${m[1]}${m[2]}:${minutes}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
