import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notification } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { closeIncident } from "../../src/services/closures/close.ts";
import { advanceEscalations } from "../../src/services/escalations/advance.ts";
import { startEscalation } from "../../src/services/escalations/start.ts";
import { createIncident } from "../../src/services/incidents/create.ts";
import { remindOverdueUpdates } from "../../src/services/incidents/remind-overdue.ts";
import { publishPostmortem } from "../../src/services/postmortems/publish.ts";
import { savePostmortem } from "../../src/services/postmortems/save.ts";
import { publishUpdate } from "../../src/services/updates/publish.ts";
import { retractUpdate } from "../../src/services/updates/retract.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, seedComponent, seedSubscriber } from "../helpers/incident-fixtures.ts";

/**
 * A drill goes through the whole flow after the first update too: reminders, escalation, retraction,
 * postmortem. Each reaches team members only and says it is a drill; the same steps of a real incident
 * reach the outside contacts and subscribers (so these tests can fail).
 */
let deps: TestDeps;
let admin: TestMember;
let comms: TestMember;
let checkout: string;
let chat: Server;
/** What the on-call chat webhook received (the outside world, faked). */
const chatPosts: string[] = [];
const MIN = 60_000;

beforeAll(async () => {
  chat = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      chatPosts.push(body);
      res.end("ok");
    });
  });
  await new Promise<void>((r) => chat.listen(0, "127.0.0.1", r));
  const hook = `http://127.0.0.1:${(chat.address() as AddressInfo).port}/hook`;
  deps = await createTestDeps({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
  admin = await createMember(deps, "admin", "admin@example.com");
  comms = await createMember(deps, "communicator", "comms@example.com");
  const api = createApi(deps);
  checkout = await seedComponent(deps, "Checkout");
  await seedSubscriber(deps, "customer@example.net");
  for (const body of [
    { componentId: checkout, level: 1, memberId: comms.actor.id, ackMinutes: 10 },
    { componentId: checkout, level: 1, email: "vendor-oncall@example.net", webhookUrl: hook, ackMinutes: 10 },
    { componentId: checkout, level: 2, email: "ADMIN@example.com", ackMinutes: 10 },
    { componentId: checkout, level: 2, email: "director@example.net", ackMinutes: 10 },
  ]) {
    const res = await callApi(api, admin, "POST", "/escalation-contacts", body);
    expect(res.status, await res.clone().text()).toBe(201);
  }
});
afterAll(async () => {
  await deps.testDb.destroy();
  await new Promise((r) => chat.close(r));
});

type Sent = { kind: string; to: string; subject: string; text: string };
/** The notifications queued so far, to compare with later. */
async function marked(): Promise<Set<string>> {
  return new Set((await deps.db.select({ id: notification.id }).from(notification)).map((n) => n.id));
}

/** Everything queued since the mark: emails with their address and subject, notifications by kind. */
async function queuedSince(mark: Set<string>): Promise<Sent[]> {
  const rows = await deps.db.select().from(notification);
  return rows
    .filter((n) => !mark.has(n.id))
    .map((n) => {
      const email = (n.payload as { email?: { to: string; subject: string; text: string } } | null)?.email;
      return { kind: n.kind, to: email?.to ?? "", subject: email?.subject ?? "", text: email?.text ?? "" };
    });
}

async function open(drill: boolean, title: string): Promise<string> {
  const created = await createIncident(deps, comms.ctx, {
    title,
    body: "Checkout is failing.",
    impact: "major",
    status: "investigating",
    visibility: drill ? "internal" : "public",
    drill,
    variants: [],
    components: [{ id: checkout, status: "major_outage" }],
    nextUpdateBy: new Date(deps.clock.now().getTime() + 30 * MIN),
    notify: false,
    draft: false,
  });
  return created.id;
}

const tick = (minutes: number) => deps.clock.advance(minutes * MIN);

describe("a drill after its first update", () => {
  it("escalation pages only team members, says DRILL, and moves up levels the same way", async () => {
    const real = await open(false, "Real checkout outage");
    const drill = await open(true, "Practice checkout outage");
    const mark = await marked();
    expect(await startEscalation(deps, comms.ctx, { incidentId: real })).not.toBeNull();
    expect(await startEscalation(deps, comms.ctx, { incidentId: drill })).not.toBeNull();
    const first = (await queuedSince(mark)).filter((s) => s.kind === "escalation.page");
    const realPages = first.filter((s) => s.subject.includes("Real checkout"));
    const drillPages = first.filter((s) => s.subject.includes("Practice checkout"));
    expect(realPages.map((s) => s.to).sort()).toEqual(["comms@example.com", "vendor-oncall@example.net"]);
    expect(drillPages.map((s) => s.to)).toEqual(["comms@example.com"]);
    expect(drillPages[0]?.subject).toMatch(/^\[DRILL, not a real outage: /);
    expect(realPages.every((s) => !s.subject.includes("DRILL"))).toBe(true);
    // The chat webhook (outside the team) heard about the real incident only.
    expect(chatPosts.filter((p) => p.includes("Real checkout"))).toHaveLength(1);
    expect(chatPosts.filter((p) => p.includes("Practice checkout"))).toHaveLength(0);

    tick(11);
    const mark2 = await marked();
    await advanceEscalations(deps);
    const second = (await queuedSince(mark2)).filter((s) => s.kind === "escalation.page");
    expect(
      second
        .filter((s) => s.subject.includes("Real checkout"))
        .map((s) => s.to)
        .sort(),
    ).toEqual(["admin@example.com", "director@example.net"]);
    const drillSecond = second.filter((s) => s.subject.includes("DRILL"));
    expect(drillSecond.map((s) => s.to)).toEqual(["admin@example.com"]);
  });

  it("an overdue promise reminds the team, marked as a drill", async () => {
    const drill = await open(true, "Practice promise");
    tick(31);
    const mark = await marked();
    await remindOverdueUpdates(deps);
    const reminders = (await queuedSince(mark)).filter(
      (s) => s.kind === "incident.overdue_reminder" && s.subject.includes("Practice promise"),
    );
    expect(reminders.map((s) => s.to)).toEqual(["comms@example.com"]);
    expect(reminders[0]?.subject).toBe("Update overdue: [Drill] Practice promise");
    expect(drill).toBeTruthy();
  });

  it("retracting a drill's update asks for the correction a real one would, and tells only the team", async () => {
    const drill = await open(true, "Practice retraction");
    const update = await publishUpdate(deps, comms.ctx, drill, {
      status: "identified",
      body: "Wrong cause named.",
      variants: [],
      components: [],
      notify: false,
      reopen: false,
    });
    const ids = { incidentId: drill, updateId: update.id };
    await expect(retractUpdate(deps, comms.ctx, ids, { notify: true })).rejects.toMatchObject({ code: "validation_failed" });
    const mark = await marked();
    const out = await retractUpdate(deps, comms.ctx, ids, { correction: "We named the wrong cause.", notify: true });
    expect(out.correctionId).not.toBeNull();
    const sent = await queuedSince(mark);
    expect(sent.some((s) => s.kind === "incident.updated")).toBe(false);
    const drillMail = sent.filter((s) => s.kind === "incident.drill");
    expect(drillMail.map((s) => s.to).sort()).toEqual(["admin@example.com", "comms@example.com"]);
    expect(drillMail[0]?.text).toContain("We named the wrong cause.");
  });

  it("a drill's postmortem is queued as for real, to the team; a real one goes to subscribers", async () => {
    const drill = await open(true, "Practice postmortem");
    const real = await open(false, "Real postmortem");
    for (const id of [drill, real]) {
      await closeIncident(deps, comms.ctx, id, { summary: "Fixed.", apologyVariants: [], commitments: [], components: [], notify: false });
      await savePostmortem(deps, comms.ctx, id, { body: "What we learned." });
    }
    const mark = await marked();
    await publishPostmortem(deps, comms.ctx, drill, { notify: true });
    const drillSent = await queuedSince(mark);
    expect(drillSent.map((s) => s.kind)).toEqual(["incident.drill", "incident.drill"]);
    expect(drillSent.every((s) => s.text.includes("What we learned."))).toBe(true);
    await publishPostmortem(deps, comms.ctx, real, { notify: true });
    expect((await queuedSince(mark)).some((s) => s.kind === "incident.postmortem")).toBe(true);
  });
});
