import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incident, preventionCommitment } from "../../db/schema/index.ts";
import { newId } from "../../src/lib/ids.ts";
import { loadCockpit } from "../../src/services/overview/cockpit.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeAudience, makeComponent, makeIncident } from "../helpers/factories.ts";

let deps: TestDeps;
const HOUR = 3_600_000;

beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.testDb.destroy());

describe("the console overview (cockpit)", () => {
  it("is calm on an empty page", async () => {
    expect(await loadCockpit(deps)).toEqual({
      incidents: [],
      maintenances: [],
      components: [],
      triage: { alerts: 0, reports: 0 },
      overdueCommitments: [],
    });
  });

  it("puts overdue incidents first, lists what is broken worst first, and only near or running maintenance", async () => {
    const now = deps.clock.now().getTime();
    await makeAudience(deps, "acme");
    const api = await makeComponent(deps, { name: "API" });
    const db = await makeComponent(deps, { name: "Database" });
    await makeComponent(deps, { name: "Website" });
    const onTime = await makeIncident(deps, { title: "Slow API", components: [{ id: api.id, status: "degraded_performance" }] });
    const late = await makeIncident(deps, {
      title: "Database down for Acme",
      visibility: "acme",
      startedAt: new Date(now - 5 * HOUR),
      components: [{ id: db.id, status: "major_outage" }],
    });
    await deps.db
      .update(incident)
      .set({ nextUpdateBy: new Date(now + 20 * 60_000) })
      .where(eq(incident.id, onTime));
    await deps.db
      .update(incident)
      .set({ nextUpdateBy: new Date(now - 10 * 60_000) })
      .where(eq(incident.id, late));
    await makeIncident(deps, { title: "Old", status: "resolved", resolvedAt: new Date(now - HOUR) });
    await makeIncident(deps, { kind: "maintenance", title: "Soon", status: "scheduled", scheduledFor: new Date(now + 2 * HOUR) });
    await makeIncident(deps, { kind: "maintenance", title: "Next week", status: "scheduled", scheduledFor: new Date(now + 7 * 24 * HOUR) });
    await deps.db.insert(preventionCommitment).values([
      {
        id: newId(),
        incidentId: late,
        text: "Add a replica",
        owner: "Dana",
        dueAt: new Date(now - 24 * HOUR),
        visibility: "internal",
        stateChangedAt: new Date(now),
        createdAt: new Date(now),
      },
      {
        id: newId(),
        incidentId: late,
        text: "Alert sooner",
        owner: "Lee",
        dueAt: new Date(now + 24 * HOUR),
        visibility: "internal",
        stateChangedAt: new Date(now),
        createdAt: new Date(now),
      },
    ]);

    const cockpit = await loadCockpit(deps);
    expect(cockpit.incidents.map((i) => [i.title, i.overdue])).toEqual([
      ["Database down for Acme", true],
      ["Slow API", false],
    ]);
    // The team sees every hold, restricted ones included, worst first.
    expect(cockpit.components).toEqual([
      { id: db.id, name: "Database", group: null, status: "major_outage" },
      { id: api.id, name: "API", group: null, status: "degraded_performance" },
    ]);
    expect(cockpit.maintenances.map((m) => [m.title, m.active])).toEqual([["Soon", false]]);
    expect(cockpit.overdueCommitments.map((c) => c.text)).toEqual(["Add a replica"]);
  });
});
