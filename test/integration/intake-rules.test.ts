import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvent, component, incident, intakeRule, notification, signal } from "../../db/schema/index.ts";
import { createIntakeApi } from "../../src/api/intake/index.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { ANONYMOUS, loadIncidents, TEAM } from "../../src/projection/index.ts";
import { updateComponent } from "../../src/services/components/update.ts";
import { listIncidentsForTeam } from "../../src/services/incidents/list.ts";
import { processPendingSignals } from "../../src/services/intake/pending.ts";
import { createRule } from "../../src/services/intake/rules-admin.ts";
import type { CreateRule } from "../../src/services/intake/schemas.ts";
import { attachSignal } from "../../src/services/intake/triage-attach.ts";
import { publishUpdate } from "../../src/services/updates/publish.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { seedComponent } from "../helpers/incident-fixtures.ts";
import { makeSource, postIntake } from "../helpers/intake.ts";

let deps: TestDeps;
let intake: ReturnType<typeof createIntakeApi>;
let src: Awaited<ReturnType<typeof makeSource>>;
let member: TestMember;
const sys = { actor: SYSTEM };

beforeAll(async () => {
  deps = await createTestDeps();
  intake = createIntakeApi(deps);
  src = await makeSource(deps, "generic");
  member = await createMember(deps, "admin");
});
afterAll(() => deps.testDb.destroy());
beforeEach(async () => {
  await deps.db.delete(intakeRule);
});

const fire = (fingerprint: string, labels: Record<string, string>, severity = "major") =>
  postIntake(intake, "generic", src.headers, { fingerprint, status: "firing", severity, summary: `Alert ${fingerprint}`, labels });
const resolve = (fingerprint: string, labels: Record<string, string>) =>
  postIntake(intake, "generic", src.headers, { fingerprint, status: "resolved", summary: `Alert ${fingerprint}`, labels });
const statusOf = async (id: string) => (await deps.db.select({ s: component.status }).from(component).where(eq(component.id, id)))[0]?.s;
const rule = (input: Partial<CreateRule> & Pick<CreateRule, "matchers">) =>
  createRule(deps, sys, {
    name: "r",
    position: 0,
    componentIds: [],
    action: "suggest",
    minHoldSeconds: 0,
    enabled: true,
    ...input,
  } as CreateRule);
const signalBy = async (fp: string) => (await deps.db.select().from(signal).where(eq(signal.fingerprint, fp)))[0];

describe("auto component status with the flapping guard (fake clock)", () => {
  it("ignores an alert that resolves within the hold time, then sets and restores status once it holds", async () => {
    const api = await seedComponent(deps, "API");
    await rule({
      matchers: [{ label: "service", op: "=", value: "api" }],
      componentIds: [api],
      action: "auto_component_status",
      componentStatus: "partial_outage",
      minHoldSeconds: 120,
    });
    const labels = { service: "api" };
    await fire("flap-1", labels);
    deps.clock.advance(60_000);
    expect(await processPendingSignals(deps)).toBe(0);
    expect(await statusOf(api)).toBe("operational");
    await resolve("flap-1", labels);
    deps.clock.advance(120_000);
    await processPendingSignals(deps);
    expect(await statusOf(api)).toBe("operational");

    await fire("flap-1", labels);
    deps.clock.advance(119_000);
    await processPendingSignals(deps);
    expect(await statusOf(api)).toBe("operational");
    deps.clock.advance(1_000);
    await processPendingSignals(deps);
    expect(await statusOf(api)).toBe("partial_outage");
    await fire("flap-1", labels);
    expect(await statusOf(api)).toBe("partial_outage");
    await resolve("flap-1", labels);
    expect(await statusOf(api)).toBe("operational");
    const audits = await deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.resourceId, api), eq(auditEvent.action, "component.update")));
    expect(audits.map((a) => a.actorLabel)).toEqual(["intake source generic source", "intake source generic source"]);
  });

  it("automatic status also opens a hidden draft, and stops restoring once a person publishes on it", async () => {
    const mail = await seedComponent(deps, "Mail");
    await rule({
      matchers: [{ label: "service", op: "=", value: "mail" }],
      componentIds: [mail],
      action: "auto_component_status",
      componentStatus: "major_outage",
    });
    await fire("mail-1", { service: "mail" });
    const draftId = (await signalBy("mail-1"))?.incidentId as string;
    expect((await deps.db.select().from(incident).where(eq(incident.id, draftId)))[0]?.draft).toBe(true);
    expect(await statusOf(mail)).toBe("major_outage");
    await resolve("mail-1", { service: "mail" });
    expect(await statusOf(mail)).toBe("operational");

    await fire("mail-1", { service: "mail" });
    expect(await statusOf(mail)).toBe("major_outage");
    expect((await signalBy("mail-1"))?.incidentId).toBe(draftId);
    await publishUpdate(deps, member.ctx, draftId, {
      status: "identified",
      body: "Mail is down.",
      variants: [],
      components: [],
      notify: false,
      reopen: false,
    });
    await resolve("mail-1", { service: "mail" });
    expect(await statusOf(mail)).toBe("major_outage");
  });

  it("never acts without a rule that allows it", async () => {
    const db = await seedComponent(deps, "Database");
    await rule({ matchers: [{ label: "service", op: "=", value: "db" }], componentIds: [db], action: "suggest" });
    await fire("db-1", { service: "db" }, "critical");
    deps.clock.advance(3600_000);
    await processPendingSignals(deps);
    expect(await statusOf(db)).toBe("operational");
    expect((await signalBy("db-1"))?.componentIds).toEqual([db]);
  });

  it("keeps the component down while another alert still holds it, and restores the original status", async () => {
    const web = await seedComponent(deps, "Web");
    await rule({
      matchers: [{ label: "service", op: "=", value: "web" }],
      componentIds: [web],
      action: "auto_component_status",
      componentStatus: "major_outage",
    });
    await fire("web-a", { service: "web", a: "1" });
    await fire("web-b", { service: "web", b: "1" });
    expect(await statusOf(web)).toBe("major_outage");
    await resolve("web-a", { service: "web", a: "1" });
    expect(await statusOf(web)).toBe("major_outage");
    await resolve("web-b", { service: "web", b: "1" });
    expect(await statusOf(web)).toBe("operational");
  });

  it("does not restore a status a person changed in the meantime", async () => {
    const cdn = await seedComponent(deps, "CDN");
    await rule({
      matchers: [{ label: "service", op: "=", value: "cdn" }],
      componentIds: [cdn],
      action: "auto_component_status",
      componentStatus: "degraded_performance",
    });
    await fire("cdn-1", { service: "cdn" });
    expect(await statusOf(cdn)).toBe("degraded_performance");
    await updateComponent(deps, member.ctx, cdn, { status: "major_outage" });
    await resolve("cdn-1", { service: "cdn" });
    expect(await statusOf(cdn)).toBe("major_outage");
  });

  it("never touches a component once a person has taken the incident over", async () => {
    const pay = await seedComponent(deps, "Payments");
    await rule({
      matchers: [{ label: "service", op: "=", value: "pay" }],
      componentIds: [pay],
      action: "auto_component_status",
      componentStatus: "partial_outage",
      minHoldSeconds: 60,
    });
    await fire("pay-1", { service: "pay" });
    const { createIncident } = await import("../../src/services/incidents/create.ts");
    const inc = await createIncident(deps, member.ctx, {
      title: "Payments slow",
      body: "Looking",
      impact: "minor",
      status: "investigating",
      visibility: "public",
      variants: [],
      components: [],
      notify: false,
      draft: false,
    });
    await attachSignal(deps, member.ctx, (await signalBy("pay-1"))?.id as string, inc.id);
    deps.clock.advance(61_000);
    await processPendingSignals(deps);
    expect(await statusOf(pay)).toBe("operational");
  });
});

describe("draft incidents from rules", () => {
  it("opens one hidden draft for alerts of a rule, notifies nobody, and becomes real when a person publishes", async () => {
    const search = await seedComponent(deps, "Search");
    await rule({ matchers: [{ label: "service", op: "=", value: "search" }], componentIds: [search], action: "draft_incident" });
    const notificationsBefore = (await deps.db.select().from(notification)).length;
    await fire("search-1", { service: "search", shard: "1" }, "critical");
    await fire("search-2", { service: "search", shard: "2" }, "major");
    const s1 = await signalBy("search-1");
    const s2 = await signalBy("search-2");
    expect(s1?.incidentId).toBeTruthy();
    expect(s2?.incidentId).toBe(s1?.incidentId);
    const incidentId = s1?.incidentId as string;
    const [row] = await deps.db.select().from(incident).where(eq(incident.id, incidentId));
    expect(row).toMatchObject({ draft: true, impact: "critical", visibility: "internal", title: "Alert search-1" });
    expect((await deps.db.select().from(notification)).length).toBe(notificationsBefore);
    expect(await statusOf(search)).toBe("operational");
    expect(await loadIncidents(deps.db, TEAM, { ids: [incidentId] })).toHaveLength(0);
    expect((await listIncidentsForTeam(deps)).map((i) => i.id)).toContain(incidentId);

    await publishUpdate(deps, member.ctx, incidentId, {
      status: "identified",
      body: "Search is degraded.",
      variants: [],
      components: [{ id: search, status: "degraded_performance" }],
      notify: false,
      reopen: false,
    });
    expect((await deps.db.select().from(incident).where(eq(incident.id, incidentId)))[0]?.draft).toBe(false);
    expect(await loadIncidents(deps.db, TEAM, { ids: [incidentId] })).toHaveLength(1);
    expect(await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] })).toHaveLength(0);
  });

  it("a new firing after the incident was resolved opens a new draft", async () => {
    const queue = await seedComponent(deps, "Queue");
    await rule({ matchers: [{ label: "service", op: "=", value: "queue" }], componentIds: [queue], action: "draft_incident" });
    await fire("queue-1", { service: "queue" });
    const first = (await signalBy("queue-1"))?.incidentId as string;
    await resolve("queue-1", { service: "queue" });
    await publishUpdate(deps, member.ctx, first, {
      status: "resolved",
      body: "Fixed.",
      variants: [],
      components: [],
      notify: false,
      reopen: false,
    });
    await fire("queue-1", { service: "queue" });
    const second = (await signalBy("queue-1"))?.incidentId;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
  });
});
