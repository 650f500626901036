import { describe, expect, it } from "vitest";
import { heldStatuses, OVERALL_WORDING, overallStatus, type StatusSpan, worstStatus } from "../../src/projection/index.ts";
import { dayWindows } from "../../src/services/public/time.ts";
import { componentHistory } from "../../src/services/public/uptime.ts";

const span = (componentId: string, status: StatusSpan["status"], from: number, to: number | null): StatusSpan => ({
  componentId,
  status,
  from,
  to,
  incident: null,
});

describe("holds", () => {
  it("a component is at the worst hold not yet released; a released hold is gone", () => {
    const held = heldStatuses(
      [span("a", "partial_outage", 0, null), span("a", "major_outage", 0, 50), span("b", "degraded_performance", 10, null)],
      100,
    );
    expect(Object.fromEntries(held)).toEqual({ a: "partial_outage", b: "degraded_performance" });
    expect(heldStatuses([span("a", "major_outage", 0, 50)], 100).get("a")).toBeUndefined();
  });

  it("maintenance is worse than operational and better than any degradation", () => {
    expect(worstStatus(["operational", "under_maintenance"])).toBe("under_maintenance");
    expect(worstStatus(["under_maintenance", "degraded_performance"])).toBe("degraded_performance");
    expect(worstStatus([])).toBe("operational");
  });
});

describe("overall status", () => {
  const comp = (status: StatusSpan["status"]) => ({ status });
  it("is the worst component status, raised by the impact of unresolved incidents", () => {
    expect(overallStatus([comp("degraded_performance")], []).indicator).toBe("minor");
    expect(overallStatus([comp("degraded_performance")], [{ kind: "incident", impact: "major" }]).indicator).toBe("major");
    expect(overallStatus([comp("major_outage")], [{ kind: "incident", impact: "minor" }]).indicator).toBe("critical");
    expect(overallStatus([comp("under_maintenance")], [{ kind: "maintenance", impact: "critical" }]).indicator).toBe("maintenance");
  });

  it("takes its description and its colour from the same row of one table", () => {
    const o = overallStatus([comp("degraded_performance")], [{ kind: "incident", impact: "major" }]);
    expect(o).toEqual({ indicator: "major", description: OVERALL_WORDING.major.description, tone: "partial_outage" });
    expect(overallStatus([], []).tone).toBe("empty");
  });
});

describe("uptime honesty", () => {
  const now = new Date("2026-03-20T12:00:00Z");
  const windows = dayWindows(now, "UTC", 90);
  it("a component created minutes ago is new, with grey days before it existed", () => {
    const born = new Date(now.getTime() - 3 * 60_000);
    const h = componentHistory(born, [span("c", "partial_outage", born.getTime(), null)], windows, now);
    expect(h.uptime).toBe("new");
    expect(h.days.slice(0, -1).every((d) => d.status === "none")).toBe(true);
    expect(h.days.at(-1)?.status).toBe("partial_outage");
  });

  it("after a day, the percentage is over observed time only", () => {
    const born = new Date(now.getTime() - 48 * 3_600_000);
    const h = componentHistory(born, [span("c", "major_outage", now.getTime() - 4.8 * 3_600_000, null)], windows, now);
    expect(h.uptime).toBeCloseTo(90);
  });
});
