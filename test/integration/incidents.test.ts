import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContentVersion } from "../../db/content-version.ts";
import { auditEvent, incident, incidentUpdate, message, notification } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { ANONYMOUS, audienceViewer, loadIncidents } from "../../src/projection/index.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi as call, counts, seedAudiences, seedComponent } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let communicator: TestMember;
let responder: TestMember;
let publicApi: string;
let acmeOnly: string;

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  await seedAudiences(deps, { acme: "acme.com", globex: "globex.com" });
  communicator = await createMember(deps, "communicator");
  responder = await createMember(deps, "responder");
  publicApi = await seedComponent(deps, "API");
  acmeOnly = await seedComponent(deps, "Acme dedicated cluster", "acme");
});
afterAll(() => deps.testDb.destroy());

const tables = { incident, incidentUpdate, message, notification, auditEvent };

describe("create", () => {
  it("opens an incident with its first update, variant and internal note, in one transaction", async () => {
    const version = await readContentVersion(deps.db);
    const res = await call(api, communicator, "POST", "/incidents", {
      title: "API errors",
      impact: "major",
      visibility: "public",
      components: [{ id: publicApi, status: "partial_outage" }],
      body: "We are investigating errors.",
      variants: [{ audience: "acme", body: "Acme: your dedicated cluster is fine." }],
      internalNote: "Suspect the deploy at 11:50.",
      nextUpdateBy: "2026-03-02T12:30:00Z",
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ title: "API errors", status: "investigating", visibility: "public", impact: "major" });
    expect(body.updates[0]).toMatchObject({
      body: "We are investigating errors.",
      internalNote: "Suspect the deploy at 11:50.",
      variants: [{ audience: "acme" }],
    });
    expect(body.components).toMatchObject([{ id: publicApi, status: "partial_outage" }]);
    const [n] = await deps.db.select().from(notification).where(eq(notification.incidentId, body.id));
    expect(n).toMatchObject({ kind: "incident.created", updateId: body.updates[0].id });
    const audits = await deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.resourceId, body.id), eq(auditEvent.action, "incident.create")));
    expect(audits).toHaveLength(1);
    expect(await readContentVersion(deps.db)).toBe(version + 1);
    const [anon] = await loadIncidents(deps.db, ANONYMOUS, { ids: [body.id] });
    expect(anon?.updates[0]?.body).toBe("We are investigating errors.");
    const [acme] = await loadIncidents(deps.db, audienceViewer("a@acme.com", ["acme"]), { ids: [body.id] });
    expect(acme?.updates[0]?.body).toBe("Acme: your dedicated cluster is fine.");
  });

  it("defaults to the most restrictive visibility", async () => {
    const res = await call(api, responder, "POST", "/incidents", { title: "Quiet", body: "Looking." });
    expect(res.status).toBe(201);
    expect((await res.json()).visibility).toBe("internal");
  });

  it("notify: false skips only the notification row", async () => {
    const before = await counts(deps, tables);
    const res = await call(api, communicator, "POST", "/incidents", { title: "Silent", body: "x", visibility: "public", notify: false });
    expect(res.status).toBe(201);
    const after = await counts(deps, tables);
    expect(after.notification).toBe(before.notification);
    expect(after.incident).toBe((before.incident ?? 0) + 1);
    expect(after.auditEvent).toBe((before.auditEvent ?? 0) + 1);
  });

  it.each([
    ["unknown audience in variants", { variants: [{ audience: "nobody", body: "x" }] }, 400, "variants.0.audience"],
    ["unknown audience in visibility", { visibility: ["nobody"] }, 400, "visibility.0"],
    ["component narrower than the incident", { components: [{ id: "zzzzzzzzzzzz", status: "major_outage" }] }, 400, "components.0.id"],
    ["restricted component on a public incident", { components: [{ id: "ACME", status: "major_outage" }] }, 400, "components.0.id"],
    ["promise in the past", { nextUpdateBy: "2026-03-02T11:00:00Z" }, 400, "nextUpdateBy"],
    ["started in the future", { startedAt: "2026-03-03T11:00:00Z" }, 400, "startedAt"],
    ["bad impact", { impact: "apocalyptic" }, 400, "impact"],
    ["missing body", { body: undefined }, 400, "body"],
    ["variant for a built-in audience", { variants: [{ audience: "public", body: "x" }] }, 400, "variants.0.audience"],
    ["owner who is not on the team", { ownerId: "zzzzzzzzzzzz" }, 400, "ownerId"],
  ])("%s → %i naming %s, nothing written", async (_name, patch, status, path) => {
    const input: Record<string, unknown> = { title: "Bad", body: "x", visibility: "public", ...patch };
    if (JSON.stringify(input).includes("ACME")) input.components = [{ id: acmeOnly, status: "major_outage" }];
    const before = await counts(deps, tables);
    const res = await call(api, communicator, "POST", "/incidents", input);
    expect(res.status).toBe(status);
    const err = (await res.json()).error;
    expect(err.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await counts(deps, tables)).toEqual(before);
  });

  it("a responder may post public incidents but not restricted ones or variants", async () => {
    const before = await counts(deps, tables);
    const variant = await call(api, responder, "POST", "/incidents", {
      title: "x",
      body: "x",
      visibility: "public",
      variants: [{ audience: "acme", body: "y" }],
    });
    expect(variant.status).toBe(403);
    const restricted = await call(api, responder, "POST", "/incidents", { title: "x", body: "x", visibility: ["acme"] });
    expect(restricted.status).toBe(403);
    expect(await counts(deps, tables)).toEqual(before);
    const ok = await call(api, responder, "POST", "/incidents", { title: "x", body: "x", visibility: "public" });
    expect(ok.status).toBe(201);
  });

  it("a viewer can read but not write", async () => {
    const viewer = await createMember(deps, "viewer");
    expect((await call(api, viewer, "GET", "/incidents")).status).toBe(200);
    expect((await call(api, viewer, "POST", "/incidents", { title: "x", body: "x" })).status).toBe(403);
  });
});

describe("list", () => {
  it("shows open incidents first and flags overdue ones", async () => {
    const res = await call(api, communicator, "POST", "/incidents", {
      title: "Promised",
      body: "x",
      visibility: "public",
      nextUpdateBy: "2026-03-02T12:10:00Z",
    });
    const { id } = await res.json();
    await call(api, communicator, "POST", "/incidents", {
      title: "Old",
      body: "x",
      visibility: "public",
      status: "resolved",
      startedAt: "2026-03-01T00:00:00Z",
    });
    deps.clock.advance(15 * 60_000);
    const list = (await (await call(api, communicator, "GET", "/incidents")).json()).incidents as {
      id: string;
      open: boolean;
      overdue: boolean;
    }[];
    expect(list[0]).toMatchObject({ id, overdue: true });
    const firstClosed = list.findIndex((i) => !i.open);
    expect(list.slice(firstClosed).every((i) => !i.open)).toBe(true);
    deps.clock.advance(-15 * 60_000);
  });
});

describe("visibility changes and the audit trail", () => {
  it("changing visibility needs publish_restricted, checks variants, and is audited as such", async () => {
    const created = await (
      await call(api, communicator, "POST", "/incidents", {
        title: "Scoped",
        body: "x",
        visibility: "public",
        variants: [{ audience: "acme", body: "a" }],
      })
    ).json();
    expect((await call(api, responder, "PATCH", `/incidents/${created.id}`, { visibility: "internal" })).status).toBe(403);
    const narrower = await call(api, communicator, "PATCH", `/incidents/${created.id}`, { visibility: ["globex"] });
    expect(narrower.status).toBe(400);
    expect((await narrower.json()).error.details[0].path).toBe("visibility");
    const ok = await call(api, communicator, "PATCH", `/incidents/${created.id}`, { visibility: ["acme"] });
    expect(ok.status).toBe(200);
    expect((await ok.json()).visibility).toEqual(["acme"]);
    // Now shown to acme only: retitling it is publishing to a named audience, which a responder may not do.
    expect((await call(api, responder, "PATCH", `/incidents/${created.id}`, { title: "Renamed" })).status).toBe(403);
    expect((await call(api, communicator, "PATCH", `/incidents/${created.id}`, { title: "Renamed" })).status).toBe(200);
    const actions = (await deps.db.select().from(auditEvent).where(eq(auditEvent.resourceId, created.id))).map((a) => a.action);
    expect(actions).toEqual(["incident.create", "incident.visibility_change", "incident.edit"]);
  });

  it("every publish, edit, retraction, visibility change and closure leaves an audit row", async () => {
    const { id } = await (
      await call(api, communicator, "POST", "/incidents", { title: "Audited", body: "x", visibility: "public" })
    ).json();
    const { id: updateId } = await (
      await call(api, communicator, "POST", `/incidents/${id}/updates`, { status: "identified", body: "y" })
    ).json();
    await call(api, communicator, "PUT", `/incidents/${id}/updates/${updateId}`, { body: "y2" });
    await call(api, communicator, "POST", `/incidents/${id}/updates/${updateId}/retract`, { correction: "Wrong." });
    await call(api, communicator, "PATCH", `/incidents/${id}`, { visibility: ["acme"] });
    await call(api, communicator, "POST", `/incidents/${id}/closure`, { summary: "Done." });
    const rows = await deps.db.select().from(auditEvent);
    const about = (rid: string) => rows.filter((r) => r.resourceId === rid).map((r) => r.action);
    expect(about(id)).toEqual(["incident.create", "incident.update", "incident.visibility_change", "incident.close"]);
    expect(about(updateId)).toEqual(["update.edit", "update.retract"]);
    expect(rows.filter((r) => r.resourceId === id).every((r) => r.actorId === communicator.actor.id)).toBe(true);
  });
});
