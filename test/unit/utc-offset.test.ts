import { describe, expect, it } from "vitest";
import { utcOffsetMinutes } from "../../src/lib/intl.ts";

describe("utcOffsetMinutes (the page's offset that /refresh.js compares with the visitor's)", () => {
  it("is minutes east of UTC, with daylight saving and half hours", () => {
    expect(utcOffsetMinutes("UTC", new Date("2026-07-01T12:00:00Z"))).toBe(0);
    expect(utcOffsetMinutes("Europe/Berlin", new Date("2026-01-15T12:00:00Z"))).toBe(60);
    expect(utcOffsetMinutes("Europe/Berlin", new Date("2026-07-15T12:00:00Z"))).toBe(120);
    expect(utcOffsetMinutes("America/New_York", new Date("2026-01-15T12:00:00Z"))).toBe(-300);
    expect(utcOffsetMinutes("Asia/Kolkata", new Date("2026-01-15T12:00:00Z"))).toBe(330);
  });
});
