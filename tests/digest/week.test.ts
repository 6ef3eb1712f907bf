import { describe, expect, it } from "vitest";
import { parseIsoWeek, previousWeek, weekContaining, weekRange, WeekFormatError } from "../../src/digest/week.ts";

describe("ISO weeks in a time zone", () => {
  it("2025-W25 in Almaty runs from Monday 16 June 00:00 (+05) to Monday 23 June 00:00", () => {
    const week = weekRange(parseIsoWeek("2025-W25"), "Asia/Almaty");
    expect(week.start.toISOString()).toBe("2025-06-15T19:00:00.000Z");
    expect(week.end.toISOString()).toBe("2025-06-22T19:00:00.000Z");
    expect([week.firstDay, week.lastDay]).toEqual(["2025-06-16", "2025-06-22"]);
  });

  it("puts an instant in the week of its local wall clock, not of UTC", () => {
    // Sunday 22 June 20:30 UTC is already Monday 01:30 in Almaty.
    expect(weekContaining(new Date("2025-06-22T20:30:00Z"), "Asia/Almaty")).toEqual({ year: 2025, week: 26 });
    expect(weekContaining(new Date("2025-06-22T20:30:00Z"), "UTC")).toEqual({ year: 2025, week: 25 });
  });

  it("handles weeks that straddle years and 53-week years", () => {
    expect(weekContaining(new Date("2024-12-30T12:00:00Z"), "UTC")).toEqual({ year: 2025, week: 1 });
    expect(weekContaining(new Date("2021-01-03T12:00:00Z"), "UTC")).toEqual({ year: 2020, week: 53 });
    expect(weekRange(parseIsoWeek("2026-W53"), "UTC").firstDay).toBe("2026-12-28");
    expect(() => parseIsoWeek("2025-W53")).toThrow(WeekFormatError);
    expect(() => parseIsoWeek("2025-25")).toThrow(WeekFormatError);
  });

  it("keeps local midnight across a daylight-saving change (a 167-hour week in Berlin)", () => {
    const week = weekRange(parseIsoWeek("2025-W13"), "Europe/Berlin");
    expect(week.start.toISOString()).toBe("2025-03-23T23:00:00.000Z");
    expect(week.end.toISOString()).toBe("2025-03-30T22:00:00.000Z");
  });

  it("Monday 07:00's digest covers the week that just ended", () => {
    expect(previousWeek(new Date("2025-06-23T02:00:00Z"), "Asia/Almaty")).toEqual({ year: 2025, week: 25 });
    expect(previousWeek(new Date("2025-01-06T02:00:00Z"), "Asia/Almaty")).toEqual({ year: 2025, week: 1 });
  });
});
