import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent, incidentUpdate, notification, problem, problemCommitment, problemIncident } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { ANONYMOUS, audienceViewer, loadIncidents } from "../../src/projection/index.ts";
import { createMember, createToken, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, counts, seedAudiences } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let communicator: TestMember;
let responder: TestMember;
let publicIncident: string;
let acmeIncident: string;
let internalIncident: string;
let commitmentId: string;
const call = (method: string, path: string, body?: unknown, who: TestMember = communicator) => callApi(api, who, method, path, body);
const tables = { problem, problemIncident, problemCommitment, incidentUpdate, notification, auditEvent };
const acme = audienceViewer("ops@acme.com", ["acme"]);
const partner = audienceViewer("p@partner.io", ["partners"]);

const open = async (title: string, visibility: unknown) =>
  (await (await call("POST", "/incidents", { title, visibility, body: `${title} started.` })).json()).id as string;

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  await seedAudiences(deps, { acme: "acme.com", partners: "partner.io" });
  communicator = await createMember(deps, "communicator");
  responder = await createMember(deps, "responder");
  publicIncident = await open("Login failures", "public");
  acmeIncident = await open("Acme SSO failures", ["acme"]);
  internalIncident = await open("Staff VPN", "internal");
  const closed = await call("POST", `/incidents/${publicIncident}/closure`, {
    summary: "Expired certificate.",
    commitments: [{ text: "Automate certificate renewal", owner: "Platform", visibility: "public" }],
  });
  commitmentId = (await closed.json()).commitmentIds[0];
});
afterAll(() => deps.testDb.destroy());

describe("problems API", () => {
  let id: string;

  it("creates a problem linking incidents and commitments, audited; reads need console.read only", async () => {
    const res = await call("POST", "/problems", {
      title: "Certificates expire unnoticed",
      category: "certificates",
      priority: "P2",
      incidentIds: [publicIncident, acmeIncident],
      commitmentIds: [commitmentId],
      investigationNotes: "INTERNAL-NOTES-CANARY",
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    id = body.id;
    expect(body).toMatchObject({ state: "identified", priority: "P2", rootCauseVisibility: "internal" });
    expect(body.incidents.map((i: { id: string }) => i.id).sort()).toEqual([publicIncident, acmeIncident].sort());
    expect(body.commitments.map((c: { id: string }) => c.id)).toEqual([commitmentId]);
    const [audit] = await deps.db.select().from(auditEvent).where(eq(auditEvent.action, "problem.create"));
    expect(audit?.resourceId).toBe(id);
    const list = await (await call("GET", "/problems", undefined, responder)).json();
    expect(list.problems).toEqual([expect.objectContaining({ id, incidents: 2, commitments: 1 })]);
    expect((await call("POST", "/problems", { title: "x" }, responder)).status).toBe(403);
    const reader = await createToken(deps, ["read"]);
    expect((await api.request(`/api/admin/problems/${id}`, { headers: reader.headers })).status).toBe(200);
  });

  it("rejects bad input with an envelope naming the field, writing nothing", async () => {
    const before = await counts(deps, tables);
    const cases: [unknown, string][] = [
      [{ title: "" }, "title"],
      [{ title: "x", priority: "P9" }, "priority"],
      [{ title: "x", incidentIds: ["zzzzzzzzzzzz"] }, "incidentIds.0"],
      [{ title: "x", commitmentIds: ["zzzzzzzzzzzz"] }, "commitmentIds.0"],
      [{ title: "x", rootCauseVisibility: ["nobody"] }, "rootCauseVisibility.0"],
      [{ title: "x", surprise: 1 }, "(root)"],
    ];
    for (const [input, path] of cases) {
      const res = await call("POST", "/problems", input);
      expect(res.status, JSON.stringify(input)).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe("validation_failed");
      expect(error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const second = await call("POST", "/problems", { title: "Another", commitmentIds: [commitmentId] });
    expect(second.status).toBe(409);
    expect(await counts(deps, tables)).toEqual(before);
  });

  it("allows only sensible transitions and needs a root cause, then a verification", async () => {
    const skip = await call("POST", `/problems/${id}/transition`, { state: "verifying" });
    expect(skip.status).toBe(422);
    expect((await skip.json()).error.details[0].path).toBe("state");
    expect((await call("POST", `/problems/${id}/transition`, { state: "investigating" })).status).toBe(200);
    const noCause = await call("POST", `/problems/${id}/transition`, { state: "root_cause_known" });
    expect(noCause.status).toBe(422);
    expect((await noCause.json()).error.details[0].path).toBe("rootCause");
    await call("PATCH", `/problems/${id}`, {
      rootCause: "Renewal ran on a host that was decommissioned. ACME-CAUSE-CANARY",
      rootCauseVisibility: ["acme"],
      changes: "Renewal moved to the scheduler.",
    });
    for (const state of ["root_cause_known", "fix_in_progress", "verifying"])
      expect((await call("POST", `/problems/${id}/transition`, { state })).status).toBe(200);
    const unverified = await call("POST", `/problems/${id}/transition`, { state: "closed" });
    expect((await unverified.json()).error.details[0].path).toBe("verification");
    expect((await call("PATCH", `/problems/${id}`, {})).status).toBe(400);
  });

  it("closing with announce tells each linked incident's entitled stakeholders only", async () => {
    await call("PATCH", `/problems/${id}`, { verification: "Forced an expiry in staging; renewed in 2 min." });
    await call("POST", `/problems/${id}/links`, { addIncidents: [internalIncident] });
    const res = await call("POST", `/problems/${id}/transition`, { state: "closed", announce: true });
    expect(res.status).toBe(200);
    const out = await res.json();
    // root cause is acme-only: a variant on both (public and acme) incidents, nothing on the internal one
    expect(out.announcementIds).toHaveLength(2);
    const seen = async (viewer: typeof acme, incidentId: string) =>
      JSON.stringify((await loadIncidents(deps.db, viewer, { ids: [incidentId] }))[0]?.updates ?? []);
    expect(await seen(acme, publicIncident)).toContain("ACME-CAUSE-CANARY");
    expect(await seen(acme, acmeIncident)).toContain("ACME-CAUSE-CANARY");
    expect(await seen(ANONYMOUS, publicIncident)).not.toContain("ACME-CAUSE-CANARY");
    expect(await seen(partner, publicIncident)).not.toContain("ACME-CAUSE-CANARY");
    const queued = await deps.db.select().from(notification).where(eq(notification.kind, "commitment.updated"));
    expect(queued.map((n) => n.incidentId).sort()).toEqual([publicIncident, acmeIncident].sort());
    const detail = await (await call("GET", `/problems/${id}`)).json();
    expect(detail).toMatchObject({ state: "closed", verification: expect.any(String) });
    expect(detail.closedAt).not.toBeNull();
  });

  it("a written message goes to everyone who can see each incident; an internal cause needs one", async () => {
    const created = await (
      await call("POST", "/problems", { title: "Disk", incidentIds: [publicIncident], rootCause: "Full disk", verification: "ok" })
    ).json();
    for (const state of ["investigating", "root_cause_known", "fix_in_progress", "verifying"])
      await call("POST", `/problems/${created.id}/transition`, { state });
    const refused = await call("POST", `/problems/${created.id}/transition`, { state: "closed", announce: true });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.details[0].path).toBe("message");
    const badVariant = await call("POST", `/problems/${created.id}/transition`, {
      state: "closed",
      announce: true,
      message: "x",
      variants: [{ audience: "nobody", body: "x" }],
    });
    expect((await badVariant.json()).error.details[0].path).toBe("variants.0.audience");
    const res = await call("POST", `/problems/${created.id}/transition`, {
      state: "closed",
      announce: true,
      message: "PUBLIC-FIX-NOTE all fixed",
      variants: [{ audience: "acme", body: "ACME-TAILORED your SSO is safe" }],
    });
    expect((await res.json()).announcementIds).toHaveLength(1);
    const [anon] = await loadIncidents(deps.db, ANONYMOUS, { ids: [publicIncident] });
    expect(JSON.stringify(anon?.updates)).toContain("PUBLIC-FIX-NOTE");
    expect(JSON.stringify(anon)).not.toContain("ACME-TAILORED");
    const [forAcme] = await loadIncidents(deps.db, acme, { ids: [publicIncident] });
    expect(forAcme?.updates[0]?.body).toBe("ACME-TAILORED your SSO is safe");
    expect(JSON.stringify(anon)).not.toContain("Full disk");
    expect((await call("POST", `/problems/${created.id}/transition`, { state: "investigating" })).status).toBe(200);
  });
});
