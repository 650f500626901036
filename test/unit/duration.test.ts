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

describe("formatDuration in a locale", () => {
  it("words the same parts the locale's way", () => {
    expect(formatDuration(47 * MIN, "en")).toBe("47 min");
    expect(formatDuration(185 * MIN, "de")).toBe("3 Std., 5 Min.");
    expect(formatDuration(52 * 60 * MIN, "ja")).toBe("2 日 4 時間");
    expect(formatDuration(185 * MIN, "fr")).toBe("3\u202fh et 5\u00a0min");
  });
});
