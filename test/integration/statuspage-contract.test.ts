import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeGroup, makeIncident } from "../helpers/factories.ts";
import { createPublicTestServer, requestFresh } from "../helpers/public-server.ts";

/**
 * The shapes Atlassian Statuspage's public API v2 publishes (e.g. status.discord.com/api/v2/*.json):
 * exact key sets, enum spellings, ISO timestamps, newest-first updates, groups with component ids.
 */
const PAGE_KEYS = ["id", "name", "url", "time_zone", "updated_at"];
const COMPONENT_KEYS = [
  "id",
  "name",
  "status",
  "created_at",
  "updated_at",
  "position",
  "description",
  "showcase",
  "start_date",
  "group_id",
  "page_id",
  "group",
  "only_show_if_degraded",
];
const INCIDENT_KEYS = [
  "id",
  "name",
  "status",
  "created_at",
  "updated_at",
  "monitoring_at",
  "resolved_at",
  "impact",
  "shortlink",
  "started_at",
  "page_id",
  "incident_updates",
  "components",
];
const UPDATE_KEYS = [
  "id",
  "status",
  "body",
  "incident_id",
  "created_at",
  "updated_at",
  "display_at",
  "affected_components",
  "deliver_notifications",
  "custom_tweet",
  "tweet_id",
];
const COMPONENT_STATUS = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ID = /^[0-9a-z]{12}$/;

let deps: TestDeps;
let app: ReturnType<typeof createPublicTestServer>["app"];
let server: ReturnType<typeof createPublicTestServer>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  deps = await createTestDeps();
  server = createPublicTestServer(deps);
  app = server.app;
  const group = await makeGroup(deps, { name: "Core" });
  const api = await makeComponent(deps, { name: "API", groupId: group.id, status: "partial_outage" });
  await makeComponent(deps, { name: "Website" });
  ids.component = api.id;
  ids.group = group.id;
  const t = deps.clock.now().getTime();
  ids.active = await makeIncident(deps, {
    title: "Errors",
    impact: "major",
    status: "identified",
    components: [{ id: api.id, status: "partial_outage" }],
    updates: [
      { status: "investigating", body: "Looking", at: new Date(t - 600_000) },
      { status: "identified", body: "Found it", at: new Date(t - 300_000) },
    ],
  });
  ids.resolved = await makeIncident(deps, {
    title: "Old",
    status: "resolved",
    startedAt: new Date(t - 86_400_000),
    resolvedAt: new Date(t - 80_000_000),
    updates: [{ status: "resolved", body: "Fixed" }],
  });
  ids.upcoming = await makeIncident(deps, {
    kind: "maintenance",
    title: "Upgrade",
    impact: "none",
    status: "scheduled",
    scheduledFor: new Date(t + 86_400_000),
    scheduledUntil: new Date(t + 90_000_000),
    updates: [{ status: "scheduled", body: "Planned" }],
  });
  ids.ongoing = await makeIncident(deps, {
    kind: "maintenance",
    title: "Now",
    impact: "none",
    status: "in_progress",
    scheduledFor: new Date(t - 60_000),
    scheduledUntil: new Date(t + 3_600_000),
    updates: [{ status: "in_progress", body: "Working" }],
  });
});
afterAll(() => deps.testDb.destroy());

async function get(path: string): Promise<Record<string, unknown> & { page: Record<string, unknown> }> {
  const res = await requestFresh(app, `http://status.test${path}`);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  const body = await res.json();
  expect(Object.keys(body.page).sort()).toEqual([...PAGE_KEYS].sort());
  expect(body.page.id).toMatch(ID);
  expect(body.page.updated_at).toMatch(ISO);
  expect(body.page.url).toBe("http://status.test");
  return body;
}

function checkComponent(c: Record<string, unknown>) {
  const keys = c.group ? [...COMPONENT_KEYS, "components"] : COMPONENT_KEYS;
  expect(Object.keys(c).sort()).toEqual([...keys].sort());
  expect(c.id).toMatch(ID);
  expect(COMPONENT_STATUS).toContain(c.status);
  expect(c.created_at).toMatch(ISO);
}

function checkIncident(i: Record<string, unknown>, maintenance: boolean) {
  const keys = maintenance ? [...INCIDENT_KEYS, "scheduled_for", "scheduled_until"] : INCIDENT_KEYS;
  expect(Object.keys(i).sort()).toEqual([...keys].sort());
  expect(i.id).toMatch(ID);
  const statuses = maintenance
    ? ["scheduled", "in_progress", "verifying", "completed"]
    : ["investigating", "identified", "monitoring", "resolved", "postmortem"];
  expect(statuses).toContain(i.status);
  expect(maintenance ? ["maintenance"] : ["none", "minor", "major", "critical"]).toContain(i.impact);
  const updates = i.incident_updates as Record<string, unknown>[];
  for (const u of updates) expect(Object.keys(u).sort()).toEqual([...UPDATE_KEYS].sort());
  const times = updates.map((u) => Date.parse(u.display_at as string));
  expect(times).toEqual([...times].sort((a, b) => b - a));
  for (const c of i.components as Record<string, unknown>[]) checkComponent(c);
}

describe("Statuspage v2 contract", () => {
  it("summary.json", async () => {
    const body = await get("/api/v2/summary.json");
    expect(Object.keys(body).sort()).toEqual(["components", "incidents", "page", "scheduled_maintenances", "status"]);
    expect(body.status).toEqual({ indicator: "major", description: "Partial System Outage" });
    const components = body.components as Record<string, unknown>[];
    components.forEach((c) => {
      checkComponent(c);
    });
    const group = components.find((c) => c.group === true);
    expect(group).toMatchObject({ id: ids.group, components: [ids.component], status: "partial_outage", group_id: null });
    expect(components.find((c) => c.id === ids.component)).toMatchObject({ group_id: ids.group, group: false });
    const incidents = body.incidents as Record<string, unknown>[];
    expect(incidents.map((i) => i.id)).toEqual([ids.active]);
    incidents.forEach((i) => {
      checkIncident(i, false);
    });
    const [active] = incidents as [Record<string, unknown>];
    const [latest] = active.incident_updates as [Record<string, unknown>];
    expect(latest).toMatchObject({
      status: "identified",
      body: "Found it",
      affected_components: [{ code: ids.component, name: "API", old_status: "partial_outage", new_status: "partial_outage" }],
    });
    const maints = body.scheduled_maintenances as Record<string, unknown>[];
    expect(maints.map((m) => m.id).sort()).toEqual([ids.ongoing, ids.upcoming].sort());
    maints.forEach((m) => {
      checkIncident(m, true);
    });
  });

  it("status.json", async () => {
    const body = await get("/api/v2/status.json");
    expect(Object.keys(body).sort()).toEqual(["page", "status"]);
    expect(["none", "minor", "major", "critical", "maintenance"]).toContain((body.status as { indicator: string }).indicator);
  });

  it("components.json", async () => {
    const body = await get("/api/v2/components.json");
    expect(Object.keys(body).sort()).toEqual(["components", "page"]);
    expect((body.components as unknown[]).length).toBe(3);
  });

  it("incidents.json and incidents/unresolved.json", async () => {
    const all = await get("/api/v2/incidents.json");
    expect((all.incidents as { id: string }[]).map((i) => i.id)).toEqual([ids.active, ids.resolved]);
    (all.incidents as Record<string, unknown>[]).forEach((i) => {
      checkIncident(i, false);
    });
    const resolved = (all.incidents as Record<string, unknown>[])[1] as Record<string, unknown>;
    expect(resolved.resolved_at).toMatch(ISO);
    expect(resolved.shortlink).toBe(`http://status.test/incidents/${ids.resolved}`);
    const unresolved = await get("/api/v2/incidents/unresolved.json");
    expect((unresolved.incidents as { id: string }[]).map((i) => i.id)).toEqual([ids.active]);
  });

  it("scheduled-maintenances.json, upcoming.json, active.json", async () => {
    const all = await get("/api/v2/scheduled-maintenances.json");
    (all.scheduled_maintenances as Record<string, unknown>[]).forEach((m) => {
      checkIncident(m, true);
    });
    expect((all.scheduled_maintenances as unknown[]).length).toBe(2);
    const upcoming = await get("/api/v2/scheduled-maintenances/upcoming.json");
    expect(upcoming.scheduled_maintenances).toMatchObject([
      { id: ids.upcoming, status: "scheduled", scheduled_for: expect.stringMatching(ISO) },
    ]);
    const active = await get("/api/v2/scheduled-maintenances/active.json");
    expect(active.scheduled_maintenances).toMatchObject([{ id: ids.ongoing, status: "in_progress" }]);
  });

  it("lists hold at most 50 items", async () => {
    for (let i = 0; i < 55; i++)
      await makeIncident(deps, {
        status: "resolved",
        resolvedAt: deps.clock.now(),
        startedAt: new Date(deps.clock.now().getTime() - (i + 2) * 86_400_000),
      });
    // Written behind the server's back (no request to it), so tell the cache as another instance's write would within 1 s.
    server.publicCache.tracker.invalidate();
    const all = await get("/api/v2/incidents.json");
    expect((all.incidents as unknown[]).length).toBe(50);
  });
});
