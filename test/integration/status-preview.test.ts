import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listComponents } from "../../src/services/components/list.ts";
import { composerOptions } from "../../src/services/incidents/composer-options.ts";
import { previewStatuses } from "../../src/services/status/preview.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeAudience, makeComponent, makeIncident } from "../helpers/factories.ts";

let deps: TestDeps;
beforeAll(async () => {
  deps = await createTestDeps({ now: "2026-03-20T12:00:00Z" });
  await makeAudience(deps, "acme");
});
afterAll(() => deps.testDb.destroy());

const line = (views: Awaited<ReturnType<typeof previewStatuses>>) =>
  Object.fromEntries(views.map((v) => [v.who, v.statuses.map((s) => s.status)]));

describe("what each audience will see, before publishing", () => {
  it("shows an audience-only incident's hold to that audience and the team, not the public", async () => {
    const api = await makeComponent(deps, { name: "API" });
    const incidentId = await makeIncident(deps, { visibility: "acme", components: [{ id: api.id, status: "partial_outage" }] });
    expect(line(await previewStatuses(deps, [api.id]))).toEqual({
      Public: ["operational"],
      acme: ["partial_outage"],
      Team: ["partial_outage"],
    });
    const resolving = { incidentId, incidentVisibility: "acme", changes: [], resolving: true };
    expect(line(await previewStatuses(deps, [api.id], resolving))).toEqual({
      Public: ["operational"],
      acme: ["operational"],
      Team: ["operational"],
    });
    const worse = { incidentVisibility: "public", changes: [{ id: api.id, status: "major_outage" as const }] };
    expect(line(await previewStatuses(deps, [api.id], worse))).toEqual({
      Public: ["major_outage"],
      acme: ["major_outage"],
      Team: ["major_outage"],
    });
  });

  it("the console's component list and composer show what the team sees now beside the status set by hand", async () => {
    const db = await makeComponent(deps, { name: "Database" });
    await makeIncident(deps, { visibility: "internal", components: [{ id: db.id, status: "major_outage" }] });
    expect((await listComponents(deps)).find((c) => c.id === db.id)).toMatchObject({
      status: "operational",
      currentStatus: "major_outage",
    });
    expect((await composerOptions(deps, "internal")).components.find((c) => c.id === db.id)?.status).toBe("major_outage");
  });
});
