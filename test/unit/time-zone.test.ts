import { describe, expect, it } from "vitest";
import { localToIso } from "../../src/components/admin/incidents/form.ts";
import { isTimeZone, utcToZoned, zonedToUtc, zoneOffsetMs } from "../../src/lib/time-zone.ts";

const iso = (local: string, zone: string) => zonedToUtc(local, zone)?.toISOString();

describe("wall-clock times in a named zone", () => {
  it("09:00 in New York in winter is 14:00 UTC, in summer 13:00 UTC", () => {
    expect(iso("2027-01-15T09:00", "America/New_York")).toBe("2027-01-15T14:00:00.000Z");
    expect(iso("2027-07-15T09:00", "America/New_York")).toBe("2027-07-15T13:00:00.000Z");
  });

  it("half-hour and east-of-UTC zones, and UTC itself", () => {
    expect(iso("2027-01-15T09:00", "Asia/Kolkata")).toBe("2027-01-15T03:30:00.000Z");
    expect(iso("2027-01-15T00:30", "Europe/Berlin")).toBe("2027-01-14T23:30:00.000Z");
    expect(iso("2027-01-15T09:00", "UTC")).toBe("2027-01-15T09:00:00.000Z");
  });

  it("the day clocks go forward: a time after the change uses summer time; one in the skipped hour moves forward", () => {
    // New York, 8 March 2026: 02:00 EST became 03:00 EDT.
    expect(iso("2026-03-08T01:30", "America/New_York")).toBe("2026-03-08T06:30:00.000Z");
    expect(iso("2026-03-08T09:00", "America/New_York")).toBe("2026-03-08T13:00:00.000Z");
    expect(iso("2026-03-08T02:30", "America/New_York")).toBe("2026-03-08T07:30:00.000Z");
    expect(utcToZoned(new Date("2026-03-08T07:30:00Z"), "America/New_York")).toBe("2026-03-08T03:30");
  });

  it("the day clocks go back: the repeated hour is read as its first occurrence", () => {
    // New York, 1 November 2026: 02:00 EDT became 01:00 EST, so 01:30 happened twice.
    expect(iso("2026-11-01T01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    expect(iso("2026-11-01T09:00", "America/New_York")).toBe("2026-11-01T14:00:00.000Z");
  });

  it("round-trips every quarter hour across a change in Berlin", () => {
    for (let ms = Date.parse("2026-10-24T00:00:00Z"); ms < Date.parse("2026-10-26T00:00:00Z"); ms += 15 * 60_000) {
      const at = new Date(ms);
      const local = utcToZoned(at, "Europe/Berlin");
      // In the repeated hour only the first occurrence comes back as itself.
      const back = zonedToUtc(local, "Europe/Berlin") as Date;
      expect(utcToZoned(back, "Europe/Berlin")).toBe(local);
    }
  });

  it("offsets, and names it does not know", () => {
    expect(zoneOffsetMs(new Date("2027-01-15T12:00:00Z"), "America/New_York")).toBe(-5 * 3_600_000);
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(zonedToUtc("15/01/2027 09:00", "UTC")).toBeUndefined();
  });

  it("the console's form reader uses the zone it is given", () => {
    expect(localToIso("2027-01-15T09:00", "America/New_York")).toBe("2027-01-15T14:00:00.000Z");
    expect(localToIso("2027-01-15T09:00")).toBe("2027-01-15T09:00:00.000Z");
    expect(localToIso("")).toBeUndefined();
  });
});
