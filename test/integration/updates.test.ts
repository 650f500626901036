import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { audience, auditEvent, incidentUpdate, message, notification, updateRevision } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { ANONYMOUS, audienceViewer, loadIncidents } from "../../src/projection/index.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, counts, seedAudiences, seedComponent, seedGroup, seedSubscriber } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let communicator: TestMember;
let responder: TestMember;
let apiComponent: string;
let dbComponent: string;
let incidentId: string;
const call = (method: string, path: string, body?: unknown, who?: TestMember) => callApi(api, who ?? communicator, method, path, body);
const tables = { incidentUpdate, message, notification, auditEvent, updateRevision };

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  await seedAudiences(deps, { acme: "acme.com", globex: "globex.com" });
  communicator = await createMember(deps, "communicator");
  responder = await createMember(deps, "responder");
  const group = await seedGroup(deps, "Core");
  apiComponent = await seedComponent(deps, "API", "public", { groupId: group });
  dbComponent = await seedComponent(deps, "Database");
  const acme = (await deps.db.select().from(audience).where(eq(audience.slug, "acme")))[0];
  await seedSubscriber(deps, "all@example.com");
  await seedSubscriber(deps, "api@example.com", { follows: [{ type: "component", id: apiComponent }] });
  await seedSubscriber(deps, "group@example.com", { follows: [{ type: "group", id: group }] });
  await seedSubscriber(deps, "db-only@example.com", { follows: [{ type: "component", id: dbComponent }] });
  await seedSubscriber(deps, "ops@acme.com");
  await seedSubscriber(deps, "cfo@acme.com", { follows: [{ type: "component", id: apiComponent }] });
  await seedSubscriber(deps, "partner@elsewhere.io", { audienceId: acme?.id });
  await seedSubscriber(deps, "https://hooks.example.com/x", { channel: "webhook" });
  await seedSubscriber(deps, "pending@example.com", { confirmed: false });
  await seedSubscriber(deps, "gone@example.com", { unsubscribed: true });
  await seedSubscriber(deps, "x@globex.com");
});
afterAll(() => deps.testDb.destroy());
beforeEach(async () => {
  draft = makeDraft();
  const res = await call("POST", "/incidents", {
    title: "Errors",
    visibility: "public",
    body: "Investigating.",
    components: [{ id: apiComponent, status: "degraded_performance" }],
  });
  incidentId = (await res.json()).id;
});

let draft: {
  status: string;
  body: string;
  variants: { audience: string; body: string }[];
  internalNote: string;
  components: { id: string; status: string }[];
};
const makeDraft = () => ({
  status: "identified",
  body: "We found the cause.",
  variants: [{ audience: "acme", body: "Acme: **your** traffic is rerouted." }],
  internalNote: "Rollback of build 123.",
  components: [{ id: apiComponent, status: "partial_outage" }],
});

describe("publish", () => {
  it("writes messages, moves components and the incident, audits and enqueues in one go", async () => {
    const res = await call("POST", `/incidents/${incidentId}/updates`, { ...draft, nextUpdateBy: "2026-03-02T13:00:00Z" });
    expect(res.status).toBe(201);
    const { id, notificationId } = await res.json();
    expect(notificationId).toBeTruthy();
    const team = await (await call("GET", `/incidents/${incidentId}`)).json();
    expect(team).toMatchObject({
      status: "identified",
      nextUpdateBy: "2026-03-02T13:00:00.000Z",
      components: [{ status: "partial_outage" }],
    });
    expect(team.updates[0]).toMatchObject({ id, internalNote: "Rollback of build 123.", variants: [{ audience: "acme" }] });
    const audits = await deps.db.select().from(auditEvent).where(eq(auditEvent.action, "incident.update"));
    expect(audits.some((a) => (a.after as { updateId: string }).updateId === id)).toBe(true);
  });

  it("notify: false writes no notification row", async () => {
    const before = await counts(deps, tables);
    expect((await call("POST", `/incidents/${incidentId}/updates`, { ...draft, notify: false })).status).toBe(201);
    const after = await counts(deps, tables);
    expect(after.notification).toBe(before.notification);
    expect(after.incidentUpdate).toBe((before.incidentUpdate ?? 0) + 1);
  });

  it("refuses a resolved incident without reopen, and nothing is written", async () => {
    await call("POST", `/incidents/${incidentId}/updates`, { status: "resolved", body: "Fixed." });
    const before = await counts(deps, tables);
    const res = await call("POST", `/incidents/${incidentId}/updates`, { status: "monitoring", body: "Again?" });
    expect(res.status).toBe(422);
    expect((await res.json()).error.details[0].path).toBe("reopen");
    expect(await counts(deps, tables)).toEqual(before);
    const reopened = await call("POST", `/incidents/${incidentId}/updates`, { status: "investigating", body: "It is back.", reopen: true });
    expect(reopened.status).toBe(201);
    const team = await (await call("GET", `/incidents/${incidentId}`)).json();
    expect(team).toMatchObject({ status: "investigating", resolvedAt: null });
  });

  it.each([
    ["unknown variant audience", { variants: [{ audience: "nope", body: "x" }] }, "variants.0.audience"],
    [
      "duplicate variant audience",
      {
        variants: [
          { audience: "acme", body: "x" },
          { audience: "acme", body: "y" },
        ],
      },
      "variants.1",
    ],
    ["unknown component", { components: [{ id: "aaaaaaaaaaaa", status: "operational" }] }, "components.0.id"],
    ["bad component status", { components: [{ id: "aaaaaaaaaaaa", status: "on_fire" }] }, "components.0.status"],
    ["bad status", { status: "panicking" }, "status"],
    ["empty body", { body: "   " }, "body"],
  ])("%s → 400 naming %s, nothing written", async (_n, patch, path) => {
    const before = await counts(deps, tables);
    const res = await call("POST", `/incidents/${incidentId}/updates`, { ...draft, ...patch });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await counts(deps, tables)).toEqual(before);
  });

  it("a responder may post public updates and internal notes, not variants", async () => {
    expect((await call("POST", `/incidents/${incidentId}/updates`, { ...draft, variants: [] }, responder)).status).toBe(201);
    const before = await counts(deps, tables);
    expect((await call("POST", `/incidents/${incidentId}/updates`, draft, responder)).status).toBe(403);
    expect(await counts(deps, tables)).toEqual(before);
  });

  it("404 for an unknown incident", async () => {
    expect((await call("POST", "/incidents/aaaaaaaaaaaa/updates", draft)).status).toBe(404);
  });
});

describe("preview", () => {
  it("shows each audience's words, rendered web and email, and recipients per audience and channel", async () => {
    const before = await counts(deps, tables);
    const res = await call("POST", `/incidents/${incidentId}/updates/preview`, draft);
    expect(res.status).toBe(200);
    const { audiences } = await res.json();
    expect(await counts(deps, tables)).toEqual(before);
    const byAudience = Object.fromEntries(audiences.map((a: { audience: string }) => [a.audience, a]));
    expect(Object.keys(byAudience).sort()).toEqual(["acme", "public"]);
    expect(byAudience.acme).toMatchObject({ source: "variant", html: "<p>Acme: <strong>your</strong> traffic is rerouted.</p>" });
    expect(byAudience.acme.email.text).toContain("Acme: your traffic is rerouted.");
    expect(byAudience.public.email.text).not.toContain("Acme");
    expect(byAudience.public.html).not.toContain("Rollback");
    // public: all@, api@, group@, x@globex (globex has no variant and public incident) + webhook; not db-only, pending, gone
    expect(byAudience.public.recipients).toEqual({ email: 4, webhook: 1 });
    // acme: ops@acme.com (domain), cfo@acme.com (follows API), partner@elsewhere.io (explicit member)
    expect(byAudience.acme.recipients).toEqual({ email: 3 });
    expect(byAudience.acme.total).toBe(3);
  });

  it("validates the draft like a publish", async () => {
    const res = await call("POST", `/incidents/${incidentId}/updates/preview`, { ...draft, variants: [{ audience: "nope", body: "x" }] });
    expect(res.status).toBe(400);
  });
});

describe("edit and retract", () => {
  it("an edit keeps the earlier revision for the team and changes what viewers read", async () => {
    const { id } = await (await call("POST", `/incidents/${incidentId}/updates`, draft)).json();
    const res = await call("PUT", `/incidents/${incidentId}/updates/${id}`, {
      body: "We found the cause: a bad config.",
      variants: [{ audience: "acme", body: "Acme: fixed config." }],
    });
    expect(res.status).toBe(200);
    expect((await res.json()).revision).toBe(2);
    const team = await (await call("GET", `/incidents/${incidentId}`)).json();
    const edited = team.updates.find((u: { id: string }) => u.id === id);
    expect(edited).toMatchObject({ revision: 2, body: "We found the cause: a bad config.", internalNote: "Rollback of build 123." });
    expect(edited.revisions[0].messages).toContainEqual({ kind: "public", audienceSlug: null, body: "We found the cause." });
    const [acme] = await loadIncidents(deps.db, audienceViewer("a@acme.com", ["acme"]), { ids: [incidentId] });
    expect(acme?.updates[0]?.body).toBe("Acme: fixed config.");
    expect((await deps.db.select().from(auditEvent).where(eq(auditEvent.action, "update.edit"))).length).toBeGreaterThan(0);
  });

  it("retracting a published update needs a correction, which replaces it everywhere", async () => {
    const { id } = await (await call("POST", `/incidents/${incidentId}/updates`, draft)).json();
    const before = await counts(deps, tables);
    const missing = await call("POST", `/incidents/${incidentId}/updates/${id}/retract`, {});
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.details[0].path).toBe("correction");
    expect(await counts(deps, tables)).toEqual(before);
    const res = await call("POST", `/incidents/${incidentId}/updates/${id}/retract`, {
      correction: "The previous update was posted in error.",
    });
    expect(res.status).toBe(200);
    const [anon] = await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] });
    expect(anon?.updates.map((u) => u.id)).not.toContain(id);
    expect(anon?.updates[0]).toMatchObject({ kind: "correction", body: "The previous update was posted in error." });
    const [acme] = await loadIncidents(deps.db, audienceViewer("a@acme.com", ["acme"]), { ids: [incidentId] });
    expect(acme?.updates.some((u) => u.body.includes("rerouted"))).toBe(false);
    expect((await call("POST", `/incidents/${incidentId}/updates/${id}/retract`, { correction: "again" })).status).toBe(409);
    expect((await call("PUT", `/incidents/${incidentId}/updates/${id}`, { body: "x" })).status).toBe(409);
  });
});
