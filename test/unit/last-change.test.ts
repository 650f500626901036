import { describe, expect, it } from "vitest";
import { formatUpdated } from "../../src/components/public/format.ts";
import type { ProjectedIncident } from "../../src/projection/index.ts";
import { lastVisibleChange } from "../../src/services/public/last-change.ts";

const now = new Date("2026-03-02T14:30:00Z");
const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00Z`);

describe("'Updated hh:mm': the last change this viewer can see", () => {
  it("takes the latest span edge, incident start, resolution or update — never a future one", () => {
    const spans = [
      { componentId: "c", status: "major_outage" as const, from: at("09:00").getTime(), to: at("10:15").getTime(), incident: null },
    ];
    const incident = {
      startedAt: at("11:00"),
      resolvedAt: null,
      postmortem: null,
      updates: [{ createdAt: at("12:40") }, { createdAt: at("11:00") }],
    } as unknown as ProjectedIncident;
    const scheduled = { startedAt: at("18:00"), resolvedAt: null, postmortem: null, updates: [] } as unknown as ProjectedIncident;
    expect(lastVisibleChange(spans, [], now)).toEqual(at("10:15"));
    expect(lastVisibleChange(spans, [incident, scheduled], now)).toEqual(at("12:40"));
    expect(lastVisibleChange([], [], now)).toBeNull();
  });

  it("shows the time alone today and the day too before, in the page's time zone", () => {
    expect(formatUpdated(at("12:40"), now, "UTC")).toBe("12:40 UTC");
    expect(formatUpdated(new Date("2026-03-01T23:05:00Z"), now, "UTC")).toBe("1 Mar, 23:05 UTC");
    expect(formatUpdated(new Date("2026-03-01T23:05:00Z"), now, "Europe/Berlin")).toBe("00:05 CET");
  });
});
