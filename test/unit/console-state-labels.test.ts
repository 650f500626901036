import { describe, expect, it } from "vitest";
import {
  commitmentStateLabel,
  notificationKindLabel,
  problemStateLabel,
  reviewEventDetail,
  reviewEventLabel,
  updateLabel,
} from "../../src/components/admin/state-labels.ts";
import { COMMITMENT_STATES } from "../../src/services/commitments/schemas.ts";
import { PROBLEM_STATES } from "../../src/services/problems/schemas.ts";

const at = new Date("2026-01-15T14:00:00Z");

describe("console state labels", () => {
  it("a delivery's notification kind reads as words (the subscriber's delivery history)", () => {
    expect(notificationKindLabel("maintenance.scheduled")).toBe("Maintenance announced");
    expect(notificationKindLabel("incident.updated")).toBe("Incident update");
    for (const kind of ["incident.created", "incident.closed", "component.updated", "channel.test", "channel.verify"]) {
      expect(notificationKindLabel(kind)).not.toMatch(/\.|^[a-z]/);
    }
  });

  it("every problem and commitment state has words of its own, not its value", () => {
    for (const s of PROBLEM_STATES) expect(problemStateLabel(s)).not.toMatch(/_|^[a-z]/);
    for (const s of COMMITMENT_STATES) expect(commitmentStateLabel(s)).not.toMatch(/_|^[a-z]/);
    expect(problemStateLabel("root_cause_known")).toBe("Root cause known");
    expect(commitmentStateLabel("in_progress")).toBe("In progress");
  });

  it("an update is named by its status, anything else by its kind", () => {
    expect(updateLabel({ kind: "update", status: "identified" })).toBe("Identified");
    expect(updateLabel({ kind: "closure", status: "resolved" })).toBe("Closure notice");
    expect(updateLabel({ kind: "apology", status: "resolved" })).toBe("Apology");
  });

  it("a review timeline entry says what it is, and what it was in the console's words", () => {
    expect(reviewEventLabel("first_public_update")).toBe("First public update");
    expect(reviewEventDetail({ at, kind: "signal", label: "First alert (3 signals)", signals: 3 })).toBe("3 signals");
    expect(reviewEventDetail({ at, kind: "signal", label: "First alert (1 signal)", signals: 1 })).toBe("1 signal");
    const update = { at, kind: "update" as const, label: "Internal-only monitoring", updateKind: "update", status: "monitoring" };
    expect(reviewEventDetail({ ...update, published: false })).toBe("Monitoring (team only)");
    expect(reviewEventDetail({ ...update, published: true })).toBe("Monitoring");
    expect(reviewEventDetail({ at, kind: "resolution", label: "Resolved" })).toBe("");
  });
});
