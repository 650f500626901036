import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvent, closure, component, incidentUpdate, message, notification, preventionCommitment } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { ANONYMOUS, audienceViewer, loadIncidents } from "../../src/projection/index.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, counts, seedAudiences, seedComponent } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let communicator: TestMember;
let responder: TestMember;
let comp: string;
let incidentId: string;
const call = (method: string, path: string, body?: unknown, who?: TestMember) => callApi(api, who ?? communicator, method, path, body);
const tables = { closure, preventionCommitment, incidentUpdate, message, notification, auditEvent };
const acme = audienceViewer("a@acme.com", ["acme"]);

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  await seedAudiences(deps, { acme: "acme.com" });
  communicator = await createMember(deps, "communicator");
  responder = await createMember(deps, "responder");
  comp = await seedComponent(deps, "API");
});
afterAll(() => deps.testDb.destroy());
beforeEach(async () => {
  const res = await call("POST", "/incidents", {
    title: "Outage",
    visibility: "public",
    body: "Down.",
    components: [{ id: comp, status: "major_outage" }],
  });
  incidentId = (await res.json()).id;
});

const closing = () => ({
  summary: "A bad deploy; rolled back.",
  apology: "We are sorry.",
  apologyVariants: [{ audience: "acme", body: "Acme, we are sorry; a service credit follows." }],
  commitments: [
    { text: "Canary every deploy", owner: "Platform team", dueAt: "2026-04-01T00:00:00Z", visibility: "public" },
    { text: "Dedicated failover for Acme", owner: "SRE", visibility: ["acme"] },
    { text: "Fire the flaky test", owner: "QA", visibility: "internal" },
  ],
});

describe("closure", () => {
  it("resolves with summary, apology per audience and commitments; restores components; audits; notifies", async () => {
    const res = await call("POST", `/incidents/${incidentId}/closure`, closing());
    expect(res.status).toBe(201);
    const out = await res.json();
    expect(out.commitmentIds).toHaveLength(3);
    const [c] = await deps.db.select().from(component).where(eq(component.id, comp));
    expect(c?.status).toBe("operational");
    const [anon] = await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] });
    expect(anon).toMatchObject({ status: "resolved", closure: { summary: "A bad deploy; rolled back.", apology: "We are sorry." } });
    expect(anon?.commitments.map((x) => x.text)).toEqual(["Canary every deploy"]);
    const [mine] = await loadIncidents(deps.db, acme, { ids: [incidentId] });
    expect(mine?.closure?.apology).toContain("service credit");
    expect(mine?.commitments.map((x) => x.text).sort()).toEqual(["Canary every deploy", "Dedicated failover for Acme"]);
    const n = await deps.db.select().from(notification).where(eq(notification.incidentId, incidentId));
    expect(n.map((x) => x.kind)).toContain("incident.closed");
    expect((await deps.db.select().from(auditEvent).where(eq(auditEvent.action, "incident.close"))).length).toBeGreaterThan(0);
    expect((await call("POST", `/incidents/${incidentId}/closure`, closing())).status).toBe(409);
  });

  it.each([
    ["unknown apology audience", { apologyVariants: [{ audience: "nope", body: "x" }] }, 400, "apologyVariants.0.audience"],
    ["unknown commitment audience", { commitments: [{ text: "x", owner: "y", visibility: ["nope"] }] }, 400, "commitments.0.visibility.0"],
    ["missing owner", { commitments: [{ text: "x" }] }, 400, "commitments.0.owner"],
    ["unknown apology template", { apology: undefined, apologyTemplateId: "aaaaaaaaaaaa" }, 400, "apologyTemplateId"],
  ])("%s → %i naming %s, nothing written", async (_n, patch, status, path) => {
    const before = await counts(deps, tables);
    const res = await call("POST", `/incidents/${incidentId}/closure`, { ...closing(), ...patch });
    expect(res.status).toBe(status);
    expect((await res.json()).error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await counts(deps, tables)).toEqual(before);
  });

  it("responders may not close", async () => {
    expect((await call("POST", `/incidents/${incidentId}/closure`, { summary: "x" }, responder)).status).toBe(403);
  });

  it("an apology from a template renders its placeholders safely", async () => {
    const t = await (await call("POST", "/templates", { kind: "apology", name: "Standard", body: "We apologise for {{title}}." })).json();
    await call("PATCH", `/incidents/${incidentId}`, { title: "[click](javascript:alert(1))" });
    const res = await call("POST", `/incidents/${incidentId}/closure`, { summary: "Done.", apologyTemplateId: t.id });
    expect(res.status).toBe(201);
    const [anon] = await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] });
    expect(anon?.closure?.apology).toBe("We apologise for \\[click\\]\\(javascript:alert\\(1\\)\\).");
  });
});

describe("commitments", () => {
  it("move through their lifecycle and a follow-up reaches exactly who may see them", async () => {
    const { commitmentIds } = await (await call("POST", `/incidents/${incidentId}/closure`, closing())).json();
    const [pub, restricted, internal] = commitmentIds as string[];
    const done = await call("POST", `/commitments/${pub}/transition`, { state: "done", announce: true });
    expect(done.status).toBe(200);
    const [anon] = await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] });
    expect(anon?.updates[0]).toMatchObject({ kind: "commitment", body: "We have done what we promised: Canary every deploy" });
    expect(anon?.commitments[0]?.state).toBe("done");
    await call("POST", `/commitments/${restricted}/transition`, {
      state: "in_progress",
      announce: true,
      message: "Acme failover work started.",
    });
    const [anon2] = await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] });
    expect(anon2?.updates.some((u) => u.body.includes("Acme failover"))).toBe(false);
    const [mine] = await loadIncidents(deps.db, acme, { ids: [incidentId] });
    expect(mine?.updates[0]?.body).toBe("Acme failover work started.");
    const n = await deps.db.select().from(notification).where(eq(notification.kind, "commitment.updated"));
    expect(n).toHaveLength(2);
    const internalAnnounce = await call("POST", `/commitments/${internal}/transition`, { state: "done", announce: true });
    expect(internalAnnounce.status).toBe(400);
    const bad = await call("POST", `/commitments/${pub}/transition`, { state: "dropped" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details[0].path).toBe("state");
    const board = (await (await call("GET", "/commitments")).json()).commitments;
    expect(board.length).toBeGreaterThanOrEqual(3);
  });

  it("commitments can be added later", async () => {
    const res = await call("POST", `/incidents/${incidentId}/commitments`, {
      commitments: [{ text: "Add alerts", owner: "Ops", visibility: "public" }],
    });
    expect(res.status).toBe(201);
  });
});

describe("postmortem", () => {
  it("is a draft until published, belongs to resolved incidents, and may notify", async () => {
    const early = await call("PUT", `/incidents/${incidentId}/postmortem`, { body: "# Review" });
    expect(early.status).toBe(422);
    await call("POST", `/incidents/${incidentId}/closure`, { summary: "Fixed." });
    expect((await call("POST", `/incidents/${incidentId}/postmortem/publish`, {})).status).toBe(422);
    expect((await call("PUT", `/incidents/${incidentId}/postmortem`, { body: "# Review\n\nRoot cause: config." })).status).toBe(200);
    const [draft] = await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] });
    expect(draft?.postmortem).toBeNull();
    const res = await call("POST", `/incidents/${incidentId}/postmortem/publish`, { notify: true });
    expect(res.status).toBe(200);
    const [pub] = await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] });
    expect(pub).toMatchObject({ status: "postmortem", postmortem: { body: "# Review\n\nRoot cause: config." } });
    const n = await deps.db.select().from(notification).where(eq(notification.kind, "incident.postmortem"));
    expect(n.some((x) => x.incidentId === incidentId)).toBe(true);
    expect((await call("POST", `/incidents/${incidentId}/postmortem/publish`, {})).status).toBe(409);
  });
});

describe("closure from a template", () => {
  it("a closure template supplies the summary", async () => {
    const t = await (await call("POST", "/templates", { kind: "closure", name: "Resolved", body: "{{title}} is resolved." })).json();
    const res = await call("POST", `/incidents/${incidentId}/closure`, { summaryTemplateId: t.id });
    expect(res.status).toBe(201);
    const [anon] = await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] });
    expect(anon?.closure?.summary).toBe("Outage is resolved.");
    const none = await call("POST", `/incidents/${incidentId}/closure`, {});
    expect(none.status).toBe(400);
    expect((await none.json()).error.details[0].path).toBe("summary");
  });
});
