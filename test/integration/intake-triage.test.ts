import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent, incident, notification, report, signal, subscriber, subscription } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createIntakeApi } from "../../src/api/intake/index.ts";
import { escalations } from "../../src/jobs/escalations.ts";
import { confirmReporterEmail } from "../../src/services/intake/report-confirm.ts";
import { REPORTS_SOURCE, SPIKE_THRESHOLD } from "../../src/services/intake/spike.ts";
import { submitReport } from "../../src/services/intake/submit-report.ts";
import { publishUpdate } from "../../src/services/updates/publish.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, seedComponent } from "../helpers/incident-fixtures.ts";
import { makeSource, postIntake } from "../helpers/intake.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let responder: TestMember;
let viewer: TestMember;
let checkout: string;
let secret: string;
const web = (ip: string) => ({ actor: { type: "system" as const, id: null, name: "public report form" }, ip });

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  responder = await createMember(deps, "responder");
  viewer = await createMember(deps, "viewer");
  checkout = await seedComponent(deps, "Checkout");
  secret = await seedComponent(deps, "Secret cluster", "internal");
});
afterAll(() => deps.testDb.destroy());

const emailsTo = async (to: string) =>
  (await deps.db.select().from(notification)).filter((n) => (n.payload as { email?: { to: string } }).email?.to === to);

/** Follows the link in the confirmation email a reporter's address received. */
async function confirmFromEmail(to: string): Promise<boolean> {
  const [mail] = (await emailsTo(to)).filter((n) => n.kind === "report.confirm");
  const url = new URL(
    /https?:\/\/\S+\/report\/confirm\/\S+/.exec((mail?.payload as { email?: { text: string } } | undefined)?.email?.text ?? "")?.[0] ??
      "http://x/",
  );
  const link = {
    reportId: url.pathname.split("/").at(-1) ?? "",
    email: url.searchParams.get("e") ?? "",
    signature: url.searchParams.get("sig") ?? "",
  };
  return confirmReporterEmail(deps, web("10.0.0.1"), link);
}

describe("reports", () => {
  it("groups similar reports on one component and keeps unrelated ones apart", async () => {
    const a = await submitReport(deps, web("10.0.0.1"), {
      what: "Checkout page shows error 500",
      componentId: checkout,
      email: "ana@example.com",
    });
    const b = await submitReport(deps, web("10.0.0.2"), {
      what: "error 500 when I pay at checkout",
      componentId: checkout,
      email: "ben@example.com",
    });
    const c = await submitReport(deps, web("10.0.0.3"), { what: "Newsletter arrives twice", componentId: null, email: null });
    // Both confirm the address they typed (report-security tests cover the refusals).
    for (const to of ["ana@example.com", "ben@example.com"]) expect(await confirmFromEmail(to)).toBe(true);
    const rows = await deps.db.select().from(report);
    const group = (id: string | null) => rows.find((r) => r.id === id)?.groupId;
    expect(group(a.id)).toBe(a.id);
    expect(group(b.id)).toBe(a.id);
    expect(group(c.id)).toBe(c.id);
    const res = await callApi(api, viewer, "GET", "/reports");
    const body = (await res.json()) as { groups: { groupId: string; count: number; componentName: string | null }[] };
    expect(body.groups.find((g) => g.groupId === a.id)).toMatchObject({ count: 2, componentName: "Checkout" });
  });

  it(".security the honeypot stores nothing; a component the public cannot see is refused", async () => {
    const before = (await deps.db.select().from(report)).length;
    expect(
      (await submitReport(deps, web("10.0.0.4"), { what: "buy cheap pills", componentId: null, email: null, website: "http://spam" })).id,
    ).toBeNull();
    await expect(submitReport(deps, web("10.0.0.4"), { what: "cluster down", componentId: secret, email: null })).rejects.toMatchObject({
      code: "validation_failed",
    });
    expect((await deps.db.select().from(report)).length).toBe(before);
  });

  it(".security rate-limits each address", async () => {
    for (let i = 0; i < 10; i++) await submitReport(deps, web("10.9.9.9"), { what: `report number ${i}`, componentId: null, email: null });
    await expect(submitReport(deps, web("10.9.9.9"), { what: "one more", componentId: null, email: null })).rejects.toMatchObject({
      code: "rate_limited",
    });
  });

  it("a team member logs a phone report on a customer's behalf; bad input names the field", async () => {
    const res = await callApi(api, responder, "POST", "/reports", {
      what: "Acme cannot check out",
      channel: "phone",
      customer: "Jo Smith",
      organisation: "Acme",
      componentId: checkout,
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await deps.db.select().from(report).where(eq(report.id, id)))[0]).toMatchObject({
      channel: "phone",
      customer: "Jo Smith",
      organisation: "Acme",
      loggedBy: responder.actor.id,
    });
    const bad = await callApi(api, responder, "POST", "/reports", { what: "x", channel: "fax", customer: "" });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["what", "channel", "customer"]));
    expect((await callApi(api, viewer, "POST", "/reports", { what: "Acme down", channel: "chat", customer: "Jo" })).status).toBe(403);
  });

  it('says "we\'re aware" when a public incident is open on the component, never for a hidden one', async () => {
    const { createIncident } = await import("../../src/services/incidents/create.ts");
    const billing = await seedComponent(deps, "Billing");
    const base = {
      body: "Investigating",
      impact: "minor" as const,
      status: "investigating" as const,
      variants: [],
      notify: false,
      components: [{ id: billing, status: "degraded_performance" as const }],
    };
    await createIncident(deps, responder.ctx, { ...base, title: "Internal billing note", visibility: "internal", draft: false });
    const hidden = await submitReport(deps, web("10.3.0.1"), { what: "billing page is slow", componentId: billing, email: null });
    expect(hidden.openIncident).toBeNull();
    const open = await createIncident(deps, responder.ctx, { ...base, title: "Billing is slow", visibility: "public", draft: false });
    const seen = await submitReport(deps, web("10.3.0.2"), { what: "billing page is slow", componentId: billing, email: null });
    expect(seen.openIncident).toEqual({ id: open.id, title: "Billing is slow" });
  });

  it("a spike of reports on one component raises a signal of its own, once", async () => {
    const search = await seedComponent(deps, "Search");
    for (let i = 0; i < SPIKE_THRESHOLD + 2; i++)
      await submitReport(deps, web(`10.1.0.${i}`), { what: `search returns nothing ${i}`, componentId: search, email: null });
    const rows = await deps.db.select().from(signal).where(eq(signal.sourceId, REPORTS_SOURCE.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fingerprint: `reports:${search}`, status: "firing", severity: "major" });
    expect(rows[0]?.eventCount).toBe(3);
  });
});

describe("triage decisions", () => {
  it("turns a report group into a draft incident, subscribes reporters, and tells them when it is resolved", async () => {
    const groups = (
      (await (await callApi(api, responder, "GET", "/reports")).json()) as { groups: { groupId: string; componentId: string | null }[] }
    ).groups;
    const group = groups.find((g) => g.componentId === checkout && g.groupId) as { groupId: string };
    const res = await callApi(api, responder, "POST", `/reports/groups/${group.groupId}/incident`, {
      title: "Checkout errors",
      category: "payments",
      priority: "P3",
      impact: "major",
      components: [{ id: checkout, status: "partial_outage" }],
      ownerId: responder.actor.id,
    });
    expect(res.status).toBe(201);
    const { incidentId } = (await res.json()) as { incidentId: string };
    const [row] = await deps.db.select().from(incident).where(eq(incident.id, incidentId));
    expect(row).toMatchObject({ draft: true, priority: "P3", category: "payments", impact: "major", ownerId: responder.actor.id });
    const reports = await deps.db.select().from(report).where(eq(report.groupId, group.groupId));
    expect(reports.every((r) => r.state === "incident" && r.incidentId === incidentId)).toBe(true);
    const subs = await deps.db
      .select({ email: subscriber.target, confirmedAt: subscriber.confirmedAt, all: subscriber.allComponents })
      .from(subscription)
      .innerJoin(subscriber, eq(subscriber.id, subscription.subscriberId))
      .where(eq(subscription.targetId, incidentId));
    expect(subs.map((s) => s.email).sort()).toEqual(["ana@example.com", "ben@example.com"]);
    expect(subs.every((s) => s.confirmedAt && !s.all)).toBe(true);
    expect((await deps.db.select().from(auditEvent).where(eq(auditEvent.action, "triage.create_incident"))).length).toBe(1);

    await publishUpdate(deps, responder.ctx, incidentId, {
      status: "resolved",
      body: "Fixed.",
      variants: [],
      components: [],
      notify: false,
      reopen: false,
    });
    const resolvedMail = async () => (await emailsTo("ana@example.com")).filter((n) => n.kind === "report.resolved");
    await escalations.run(deps);
    expect(await resolvedMail()).toHaveLength(1);
    await escalations.run(deps);
    expect(await resolvedMail()).toHaveLength(1);
  });

  it("dismisses a signal with a reason and attaches another to an incident", async () => {
    const src = await makeSource(deps, "generic");
    const intake = createIntakeApi(deps);
    for (const fp of ["noise", "dup"]) await postIntake(intake, "generic", src.headers, { fingerprint: fp, status: "firing", summary: fp });
    const list = ((await (await callApi(api, responder, "GET", "/signals")).json()) as { signals: { id: string; fingerprint: string }[] })
      .signals;
    const noise = list.find((s) => s.fingerprint === "noise")?.id as string;
    const dup = list.find((s) => s.fingerprint === "dup")?.id as string;
    const bad = await callApi(api, responder, "POST", `/signals/${noise}/dismiss`, { reason: "" });
    expect(bad.status).toBe(400);
    const dismissedRes = await callApi(api, responder, "POST", `/signals/${noise}/dismiss`, { reason: "Known noisy check" });
    expect(dismissedRes.status).toBe(200);
    expect(await dismissedRes.json()).toEqual({
      decision: "dismissed",
      incidentId: null,
      reason: "Known noisy check",
      signals: 1,
      reports: 0,
      subscribed: 0,
    });
    expect((await callApi(api, responder, "POST", `/signals/${noise}/dismiss`, { reason: "again" })).status).toBe(409);
    const [inc] = await deps.db.select({ id: incident.id }).from(incident).limit(1);
    const missing = await callApi(api, responder, "POST", `/signals/${dup}/attach`, { incidentId: "zzzzzzzzzzzz" });
    expect(missing.status).toBe(422);
    const attachedRes = await callApi(api, responder, "POST", `/signals/${dup}/attach`, { incidentId: inc?.id });
    expect(attachedRes.status).toBe(200);
    expect(await attachedRes.json()).toMatchObject({ decision: "attached", incidentId: inc?.id, signals: 1, reports: 0 });
    const open = ((await (await callApi(api, responder, "GET", "/signals")).json()) as { signals: { id: string }[] }).signals.map(
      (s) => s.id,
    );
    expect(open).not.toContain(noise);
    expect(open).not.toContain(dup);
    const [dismissed] = await deps.db.select().from(signal).where(eq(signal.id, noise));
    expect(dismissed).toMatchObject({ dismissReason: "Known noisy check", decidedBy: responder.actor.id });
    expect((await callApi(api, viewer, "POST", `/signals/${dup}/dismiss`, { reason: "nope nope" })).status).toBe(403);
  });

  it("dismisses a report group with a reason", async () => {
    const r = await submitReport(deps, web("10.2.0.1"), { what: "I forgot my password", componentId: null, email: null });
    const res = await callApi(api, responder, "POST", `/reports/groups/${r.id}/dismiss`, { reason: "Account question, not an outage" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      decision: "dismissed",
      incidentId: null,
      reason: "Account question, not an outage",
      signals: 0,
      reports: 1,
      subscribed: 0,
    });
    expect(
      (
        await deps.db
          .select()
          .from(report)
          .where(eq(report.id, r.id as string))
      )[0],
    ).toMatchObject({ state: "dismissed", dismissReason: "Account question, not an outage" });
    // Decided before: 409, like a signal dismissed twice; a group that never existed: 404.
    expect((await callApi(api, responder, "POST", `/reports/groups/${r.id}/dismiss`, { reason: "again please" })).status).toBe(409);
    expect((await callApi(api, responder, "POST", "/reports/groups/zzzzzzzzzzzz/dismiss", { reason: "no such group" })).status).toBe(404);
  });

  it("attaches a report group to an incident with the same answer a signal gets", async () => {
    const r = await submitReport(deps, web("10.4.0.1"), {
      what: "Checkout spins forever",
      componentId: checkout,
      email: "eve@example.com",
    });
    const [inc] = await deps.db.select({ id: incident.id }).from(incident).limit(1);
    const res = await callApi(api, responder, "POST", `/reports/groups/${r.id}/attach`, { incidentId: inc?.id });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ decision: "attached", incidentId: inc?.id, reason: null, signals: 0, reports: 1 });
    expect((await callApi(api, responder, "POST", `/reports/groups/${r.id}/attach`, { incidentId: inc?.id })).status).toBe(409);
  });
});
