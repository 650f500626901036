import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent, incident, incidentUpdate, message, notification } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, counts, seedAudiences, seedComponent } from "../helpers/incident-fixtures.ts";
import { statusFor } from "../helpers/status.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let communicator: TestMember;
let comp: string;
const call = (method: string, path: string, body?: unknown) => callApi(api, communicator, method, path, body);
const tables = { incident, incidentUpdate, message, notification, auditEvent };
const window = { scheduledFor: "2026-03-03T02:00:00Z", scheduledUntil: "2026-03-03T04:00:00Z" };

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  await seedAudiences(deps, { acme: "acme.com" });
  communicator = await createMember(deps, "communicator");
  comp = await seedComponent(deps, "Database");
});
afterAll(() => deps.testDb.destroy());

const create = (extra: Record<string, unknown> = {}) =>
  call("POST", "/maintenances", {
    title: "DB upgrade",
    visibility: "public",
    components: [comp],
    body: "We will upgrade the database.",
    ...window,
    ...extra,
  });

describe("maintenance", () => {
  it("schedules, starts, verifies and completes, moving components and notifying", async () => {
    const res = await create({ variants: [{ audience: "acme", body: "Acme: your replica stays up." }], internalNote: "Runbook #12" });
    expect(res.status).toBe(201);
    const m = await res.json();
    expect(m).toMatchObject({ kind: "maintenance", status: "scheduled", visibility: "public", reminderMinutes: 60, autoTransition: true });
    expect(await statusFor(deps, comp)).toBe("operational");
    expect((await call("POST", `/maintenances/${m.id}/updates`, { status: "in_progress", body: "Started." })).status).toBe(201);
    expect(await statusFor(deps, comp)).toBe("under_maintenance");
    expect((await call("POST", `/maintenances/${m.id}/updates`, { status: "verifying", body: "Checking." })).status).toBe(201);
    expect((await call("POST", `/maintenances/${m.id}/updates`, { status: "completed", body: "Done." })).status).toBe(201);
    expect(await statusFor(deps, comp)).toBe("operational");
    const kinds = (await deps.db.select().from(notification).where(eq(notification.incidentId, m.id))).map((n) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(["maintenance.scheduled", "maintenance.started", "maintenance.completed"]));
    const late = await call("POST", `/maintenances/${m.id}/updates`, { status: "completed", body: "Again." });
    expect(late.status).toBe(422);
  });

  it("rejects a window ending before it starts, naming scheduledUntil, and writes nothing", async () => {
    const before = await counts(deps, tables);
    const res = await create({ scheduledFor: "2026-03-03T04:00:00Z", scheduledUntil: "2026-03-03T02:00:00Z" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe("scheduledUntil");
    expect(await counts(deps, tables)).toEqual(before);
  });

  it.each([
    ["unknown component", { components: ["aaaaaaaaaaaa"] }, "components.0.id"],
    ["unknown audience", { visibility: ["nope"] }, "visibility.0"],
    ["window in the past", { scheduledFor: "2026-03-01T00:00:00Z", scheduledUntil: "2026-03-01T01:00:00Z" }, "scheduledUntil"],
  ])("%s → 400 naming %s", async (_n, patch, path) => {
    const before = await counts(deps, tables);
    const res = await create(patch);
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await counts(deps, tables)).toEqual(before);
  });

  it("nonsense transitions are 422 naming status", async () => {
    const m = await (await create()).json();
    const res = await call("POST", `/maintenances/${m.id}/updates`, { status: "completed", body: "?" });
    expect(res.status).toBe(422);
    expect((await res.json()).error.details[0].path).toBe("status");
  });

  it("reschedule announces the move and re-arms the reminder; cancel notifies", async () => {
    const m = await (await create()).json();
    const bad = await call("PATCH", `/maintenances/${m.id}`, { scheduledUntil: "2026-03-03T01:00:00Z" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].path).toBe("scheduledUntil");
    const res = await call("PATCH", `/maintenances/${m.id}`, {
      scheduledFor: "2026-03-04T02:00:00Z",
      scheduledUntil: "2026-03-04T03:00:00Z",
      body: "Moved by a day.",
    });
    expect(res.status).toBe(200);
    expect((await res.json()).moved).toBe(true);
    await call("POST", `/maintenances/${m.id}/updates`, { status: "cancelled", body: "Not needed." });
    const kinds = (await deps.db.select().from(notification).where(eq(notification.incidentId, m.id))).map((n) => n.kind);
    expect(kinds).toEqual(["maintenance.scheduled", "maintenance.rescheduled", "maintenance.cancelled"]);
    const list = (await (await call("GET", "/maintenances")).json()).maintenances;
    expect(list.find((x: { id: string }) => x.id === m.id)).toMatchObject({ status: "cancelled" });
  });
});
