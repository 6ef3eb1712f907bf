// ISO 8601 weeks in a configured time zone. A digest covers Monday 00:00 to the next Monday 00:00 in that zone;
// the zone's offset comes from Intl (full ICU in Node 24), so no date library is needed and DST is handled by
// asking the offset again at the computed instant.

export interface IsoWeek {
  year: number;
  week: number;
}

export interface WeekRange extends IsoWeek {
  /** "2025-W25" */
  label: string;
  start: Date;
  /** Exclusive: the next Monday 00:00. */
  end: Date;
  /** Civil dates of Monday and Sunday, "2025-06-16" and "2025-06-22". */
  firstDay: string;
  lastDay: string;
}

const DAY_MS = 86_400_000;

export class WeekFormatError extends Error {
  constructor(text: string) {
    super(`"${text}" is not an ISO week like 2025-W25`);
    this.name = "WeekFormatError";
  }
}

export function parseIsoWeek(text: string): IsoWeek {
  const match = /^(\d{4})-W(\d{2})$/.exec(text.trim());
  if (!match) throw new WeekFormatError(text);
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > weeksInYear(year)) throw new WeekFormatError(text);
  return { year, week };
}

export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** Civil date (as a UTC-midnight timestamp) of Monday of ISO week 1: the week holding January 4th. */
function mondayOfWeekOne(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - weekday * DAY_MS;
}

function weeksInYear(year: number): number {
  return (mondayOfWeekOne(year + 1) - mondayOfWeekOne(year)) / (7 * DAY_MS);
}

/** The ISO week of a civil date given as a UTC-midnight timestamp. */
function isoWeekOfCivil(civil: number): IsoWeek {
  const thursday = civil + (3 - ((new Date(civil).getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: Math.floor((thursday - mondayOfWeekOne(year)) / (7 * DAY_MS)) + 1 };
}

/** Offset of `zone` from UTC at `instant`, in milliseconds (Almaty: +5 h). */
export function zoneOffsetMs(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the civil midnight `civil` (UTC-midnight timestamp) begins in `zone`. */
function zonedMidnight(civil: number, zone: string): Date {
  const first = civil - zoneOffsetMs(civil, zone);
  // A DST change between the guess and the answer moves the offset; the second ask settles it.
  return new Date(civil - zoneOffsetMs(first, zone));
}

function civilDate(civil: number): string {
  return new Date(civil).toISOString().slice(0, 10);
}

export function weekRange(week: IsoWeek, zone: string): WeekRange {
  const monday = mondayOfWeekOne(week.year) + (week.week - 1) * 7 * DAY_MS;
  return {
    ...week,
    label: formatIsoWeek(week),
    start: zonedMidnight(monday, zone),
    end: zonedMidnight(monday + 7 * DAY_MS, zone),
    firstDay: civilDate(monday),
    lastDay: civilDate(monday + 6 * DAY_MS),
  };
}

/** The ISO week `instant` falls in, as seen on a wall clock in `zone`. */
export function weekContaining(instant: Date, zone: string): IsoWeek {
  const local = instant.getTime() + zoneOffsetMs(instant.getTime(), zone);
  return isoWeekOfCivil(Math.floor(local / DAY_MS) * DAY_MS);
}

/** The last complete week before `instant`: what Monday morning's digest covers. */
export function previousWeek(instant: Date, zone: string): IsoWeek {
  const current = weekRange(weekContaining(instant, zone), zone);
  return weekContaining(new Date(current.start.getTime() - 1), zone);
}
