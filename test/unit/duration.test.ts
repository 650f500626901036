import { describe, expect, it } from "vitest";
import { formatDuration } from "../../src/lib/duration.ts";

const MIN = 60_000;

describe("formatDuration", () => {
  it("speaks in minutes, hours and days, never zero", () => {
    expect(formatDuration(10_000)).toBe("1 min");
    expect(formatDuration(47 * MIN)).toBe("47 min");
    expect(formatDuration(60 * MIN)).toBe("1 h");
    expect(formatDuration(185 * MIN)).toBe("3 h 5 min");
    expect(formatDuration(47 * 60 * MIN)).toBe("47 h");
    expect(formatDuration(52 * 60 * MIN)).toBe("2 days 4 h");
    expect(formatDuration(72 * 60 * MIN)).toBe("3 days");
  });
});
