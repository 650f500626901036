import { describe, expect, it } from "vitest";
import { monthGrid, monthName, monthOrToday, neighbourMonths } from "../../src/components/admin/month-grid.ts";

const m = (id: string, from: string, until: string | null) => ({
  id,
  title: id,
  status: "scheduled",
  scheduledFor: new Date(from),
  scheduledUntil: until ? new Date(until) : null,
});
const now = new Date("2027-01-10T12:00:00Z");

describe("maintenance month grid", () => {
  it("is whole weeks, Monday first, covering the month", () => {
    const weeks = monthGrid("2027-01", [], "UTC", now);
    // 1 January 2027 is a Friday: the grid starts on Monday 28 December and ends on Sunday 31 January.
    expect(weeks[0]?.[0]?.date).toBe("2026-12-28");
    expect(weeks.at(-1)?.at(-1)?.date).toBe("2027-01-31");
    expect(weeks).toHaveLength(5);
    expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(31);
    expect(weeks.flat().find((d) => d.today)?.date).toBe("2027-01-10");
  });

  it("puts a window on the member's day, and on every day it spans", () => {
    const late = m("late", "2027-01-14T23:30:00Z", "2027-01-15T01:00:00Z");
    const long = m("long", "2027-01-20T22:00:00Z", "2027-01-22T02:00:00Z");
    const inUtc = monthGrid("2027-01", [late, long], "UTC", now).flat();
    const inBerlin = monthGrid("2027-01", [late, long], "Europe/Berlin", now).flat();
    const on = (days: typeof inUtc, id: string) => days.filter((d) => d.items.some((i) => i.item.id === id)).map((d) => d.date);
    expect(on(inUtc, "late")).toEqual(["2027-01-14", "2027-01-15"]);
    expect(on(inBerlin, "late")).toEqual(["2027-01-15"]);
    expect(inBerlin.find((d) => d.date === "2027-01-15")?.items[0]?.startsAt).toBe("00:30");
    expect(on(inUtc, "long")).toEqual(["2027-01-20", "2027-01-21", "2027-01-22"]);
    expect(inUtc.find((d) => d.date === "2027-01-21")?.items[0]?.startsAt).toBeUndefined();
  });

  it("navigates by month and falls back to today's month for a malformed one", () => {
    expect(neighbourMonths("2027-01")).toEqual({ previous: "2026-12", next: "2027-02" });
    expect(monthOrToday("2027-13", now, "UTC")).toBe("2027-01");
    expect(monthOrToday(null, new Date("2027-01-31T23:30:00Z"), "Asia/Tokyo")).toBe("2027-02");
    expect(monthName("2027-02")).toBe("February 2027");
  });
});
