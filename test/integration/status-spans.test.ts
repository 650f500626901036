import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANONYMOUS, loadStatusSpans, TEAM } from "../../src/projection/index.ts";
import { loadIncidentPage } from "../../src/services/public/incident.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeIncident } from "../helpers/factories.ts";

let deps: TestDeps;
beforeAll(async () => {
  deps = await createTestDeps({ now: "2026-03-20T12:00:00Z" });
});
afterAll(() => deps.testDb.destroy());
const H = 3_600_000;

describe("holds in history", () => {
  it("a component an update names later is held from that update, not from the incident's start", async () => {
    const now = deps.clock.now().getTime();
    const first = await makeComponent(deps, { name: "First" });
    const later = await makeComponent(deps, { name: "Later" });
    await makeIncident(deps, {
      startedAt: new Date(now - 10 * H),
      components: [
        { id: first.id, status: "partial_outage" },
        { id: later.id, status: "major_outage" },
      ],
      updates: [
        { status: "investigating", body: "a", at: new Date(now - 9 * H), changes: [{ id: first.id, status: "partial_outage" }] },
        { status: "identified", body: "b", at: new Date(now - 5 * H), changes: [{ id: later.id, status: "major_outage" }] },
      ],
    });
    const spans = await loadStatusSpans(deps.db, TEAM, new Date(now - 24 * H), deps.clock.now());
    const from = (id: string) => spans.filter((s) => s.componentId === id).map((s) => (s.from - now) / H);
    expect(from(first.id)).toEqual([-10]);
    expect(from(later.id)).toEqual([-5]);
  });

  it("a resolved incident's page shows its components as they are now, not the hold it released", async () => {
    const now = deps.clock.now().getTime();
    const api = await makeComponent(deps, { name: "Page API" });
    const done = await makeIncident(deps, {
      status: "resolved",
      resolvedAt: new Date(now - H),
      components: [{ id: api.id, status: "major_outage" }],
    });
    const page = await loadIncidentPage(deps, ANONYMOUS, done, "incident");
    expect(page?.incident.components).toMatchObject([{ id: api.id, status: "operational" }]);
    await makeIncident(deps, { components: [{ id: api.id, status: "partial_outage" }] });
    expect((await loadIncidentPage(deps, ANONYMOUS, done, "incident"))?.incident.components).toMatchObject([{ status: "partial_outage" }]);
  });
});
