import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedEmail, delivery } from "../../db/schema/index.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { resendMailer } from "../../src/notify/mailer.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { ANONYMOUS, audienceViewer } from "../../src/projection/index.ts";
import { createMaintenance } from "../../src/services/maintenances/create.ts";
import { postMaintenanceUpdate } from "../../src/services/maintenances/post-update.ts";
import { rescheduleMaintenance } from "../../src/services/maintenances/reschedule.ts";
import { CreateMaintenance, PostMaintenanceUpdate, RescheduleMaintenance } from "../../src/services/maintenances/schemas.ts";
import { maintenanceCalendar } from "../../src/services/public/calendar.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeSubscribers, publishIncident } from "../helpers/factories.ts";
import { FakeResend } from "../helpers/fake-resend.ts";
import { seedAudiences } from "../helpers/incident-fixtures.ts";
import { createPublicTestServer } from "../helpers/public-server.ts";

const BASE = "https://status.example.com";
const ctx = { actor: SYSTEM };
let deps: TestDeps;
let server: ReturnType<typeof createPublicTestServer>;
let dbId = "";
let apiId = "";
let windowId = "";
let restrictedId = "";
const hour = 3_600_000;

beforeAll(async () => {
  deps = await createTestDeps({ env: { PUBLIC_URL: BASE } });
  server = createPublicTestServer(deps);
  await seedAudiences(deps, { acme: "acme.com" });
  dbId = (await makeComponent(deps, { name: "Database" })).id;
  apiId = (await makeComponent(deps, { name: "REST API" })).id;
  const at = (h: number) => new Date(deps.clock.now().getTime() + h * hour).toISOString();
  windowId = (
    await createMaintenance(
      deps,
      ctx,
      CreateMaintenance.parse({
        title: "Database upgrade, part 1",
        visibility: "public",
        components: [dbId],
        body: "We upgrade the primary; see [the plan](/history).",
        scheduledFor: at(24),
        scheduledUntil: at(26),
      }),
    )
  ).id;
  restrictedId = (
    await createMaintenance(
      deps,
      ctx,
      CreateMaintenance.parse({
        title: "ACME-ONLY-CANARY window",
        visibility: ["acme"],
        components: [apiId],
        body: "Only for Acme.",
        scheduledFor: at(30),
        scheduledUntil: at(31),
      }),
    )
  ).id;
});
afterAll(() => deps.testDb.destroy());

/** An independent parser (ical.js, Mozilla's) reads what ical-generator wrote. */
function events(
  ics: string,
): { uid: string; sequence: number; status: string; summary: string; start: Date; end: Date; description: string }[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  expect(calendar.name).toBe("vcalendar");
  expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
  return calendar.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      sequence: e.sequence,
      status: String(v.getFirstPropertyValue("status")),
      summary: e.summary,
      start: e.startDate.toJSDate(),
      end: e.endDate.toJSDate(),
      description: e.description,
    };
  });
}

describe("/maintenance.ics", () => {
  it("lists the maintenance the public may see, as an independent parser reads it; cached like the other public routes", async () => {
    const res = await server.app.request(`${BASE}/maintenance.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("public");
    const body = await res.text();
    expect(body).not.toContain("ACME-ONLY-CANARY");
    const [event, ...rest] = events(body);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      uid: `maintenance-${windowId}@status.example.com`,
      sequence: 0,
      status: "CONFIRMED",
      summary: "Database upgrade, part 1",
    });
    expect(event?.end.getTime() - (event?.start.getTime() ?? 0)).toBe(2 * hour);
    expect(event?.description).toContain(`the plan (${BASE}/history)`);
    expect(event?.description).toContain(`${BASE}/maintenance/${windowId}`);
  });

  it("the audience it is for sees the restricted window; another component's calendar leaves it out", async () => {
    const acme = audienceViewer("ops@acme.com", ["acme"]);
    expect(events((await maintenanceCalendar(deps, acme, BASE)) ?? "").map((e) => e.summary)).toContain("ACME-ONLY-CANARY window");
    const forApi = events((await maintenanceCalendar(deps, ANONYMOUS, BASE, { component: apiId })) ?? "");
    expect(forApi).toEqual([]);
    const forDatabase = events((await maintenanceCalendar(deps, ANONYMOUS, BASE, { component: dbId })) ?? "");
    expect(forDatabase.map((e) => e.summary)).toEqual(["Database upgrade, part 1"]);
    expect(await maintenanceCalendar(deps, ANONYMOUS, BASE, { maintenance: restrictedId })).toBeNull();
    expect((await server.app.request(`${BASE}/maintenance.ics?maintenance=${restrictedId}`)).status).toBe(404);
  });

  it("a maintenance email links to its .ics when the public can see the window, and never to a restricted one", async () => {
    await makeSubscribers(deps, [{ email: "ops@acme.com" }]);
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    for (let i = 0; i < 10; i++) await dispatcher.tick();
    const mail = await deps.db.select().from(capturedEmail);
    const about = (title: string) => mail.find((m) => m.subject.includes(title));
    const open = about("Database upgrade");
    expect(open?.text).toContain(`Add it to your calendar: ${BASE}/maintenance.ics?maintenance=${windowId}`);
    expect(open?.html).toContain(`href="${BASE}/maintenance.ics?maintenance=${windowId}"`);
    const restricted = about("ACME-ONLY-CANARY");
    expect(restricted?.text).toContain("Window:");
    expect(restricted?.text).not.toContain("maintenance.ics");
  });

  it("a moved window raises SEQUENCE and moves DTSTART; a cancellation is STATUS:CANCELLED with a higher SEQUENCE still", async () => {
    const moved = new Date(deps.clock.now().getTime() + 48 * hour);
    await rescheduleMaintenance(
      deps,
      ctx,
      windowId,
      RescheduleMaintenance.parse({
        scheduledFor: moved.toISOString(),
        scheduledUntil: new Date(moved.getTime() + 3 * hour).toISOString(),
      }),
    );
    const [rescheduled] = events((await maintenanceCalendar(deps, ANONYMOUS, BASE, { maintenance: windowId })) ?? "");
    expect(rescheduled).toMatchObject({ sequence: 1, status: "CONFIRMED" });
    expect(rescheduled?.start.getTime()).toBe(moved.getTime());

    await postMaintenanceUpdate(deps, ctx, windowId, PostMaintenanceUpdate.parse({ status: "cancelled", body: "Not needed after all." }));
    const [cancelled] = events((await maintenanceCalendar(deps, ANONYMOUS, BASE)) ?? "");
    expect(cancelled).toMatchObject({ uid: `maintenance-${windowId}@status.example.com`, sequence: 2, status: "CANCELLED" });
    expect(cancelled?.summary).toBe("Cancelled: Database upgrade, part 1");
  });
});

describe("the .ics attached to a maintenance email", () => {
  let fake: FakeResend;
  beforeAll(async () => {
    fake = await new FakeResend({ ratePerSecond: 1000 }).start();
  });
  afterAll(() => fake.stop());

  it("the captured mailbox keeps it: the window as the feed has it (same UID and SEQUENCE), and the acme reader's restricted one", async () => {
    const mail = await deps.db.select().from(capturedEmail);
    const about = (title: string) => mail.find((m) => m.subject.includes(title) && m.attachments?.length);
    const [file] = about("Database upgrade")?.attachments ?? [];
    expect(file).toMatchObject({ filename: "maintenance.ics", contentType: "text/calendar; charset=utf-8" });
    const [event] = events(Buffer.from(file?.content ?? "", "base64").toString("utf8"));
    expect(event).toMatchObject({ uid: `maintenance-${windowId}@status.example.com`, summary: "Database upgrade, part 1" });
    const [restricted] = events(Buffer.from(about("ACME-ONLY-CANARY")?.attachments?.[0]?.content ?? "", "base64").toString("utf8"));
    expect(restricted?.summary).toBe("ACME-ONLY-CANARY window");
  });

  it("goes to Resend one email per request (its batch endpoint takes no attachments), each under its own key, after any incident's emails", async () => {
    const own = await createTestDeps({
      env: { PUBLIC_URL: BASE },
      mailer: () => resendMailer("re_test_key", "Status <s@status.test>", fake.url),
    });
    try {
      const component = (await makeComponent(own, { name: "Database" })).id;
      await makeSubscribers(
        own,
        Array.from({ length: 3 }, (_, i) => ({ email: `ops${i}@example.com`, components: [component], language: i === 2 ? "de" : "en" })),
      );
      const at = (h: number) => new Date(own.clock.now().getTime() + h * hour).toISOString();
      const id = (
        await createMaintenance(
          own,
          ctx,
          CreateMaintenance.parse({
            title: "Storage migration",
            visibility: "public",
            components: [component],
            body: "Moving volumes.",
            scheduledFor: at(24),
            scheduledUntil: at(25),
          }),
        )
      ).id;
      // Published after the announcement, sent before it: an incident's emails never wait behind one-by-one sends.
      await publishIncident(own, { title: "Replication lag", components: [component], body: "Replicas are behind." });
      const dispatcher = createDispatcher(own, { bucket: new RateBucket(1000) });
      for (let i = 0; i < 10; i++) await dispatcher.tick();
      const paths = fake.requests.map((r) => r.path);
      expect(paths).toEqual(["/emails/batch", "/emails", "/emails", "/emails"]);
      const alone = fake.requests.filter((r) => r.path === "/emails");
      expect(new Set(alone.map((r) => r.idempotencyKey)).size).toBe(3);
      const sent = fake.accepted.filter((e) => e.subject.includes("Storage migration"));
      expect(sent.map((e) => e.to[0]).sort()).toEqual(["ops0@example.com", "ops1@example.com", "ops2@example.com"]);
      for (const email of sent) {
        const [file] = email.attachments ?? [];
        expect(file).toMatchObject({ filename: "maintenance.ics", content_type: "text/calendar; charset=utf-8" });
        const [event] = events(Buffer.from(file?.content ?? "", "base64").toString("utf8"));
        expect(event).toMatchObject({ uid: `maintenance-${id}@status.example.com`, sequence: 0, status: "CONFIRMED" });
      }
      // Each has the provider's id, so Resend's events (bounces, complaints) find it.
      const rows = await own.db.select().from(delivery).where(eq(delivery.alone, true));
      expect(rows.map((r) => [r.state, Boolean(r.providerId)])).toEqual([
        ["sent", true],
        ["sent", true],
        ["sent", true],
      ]);

      // Called off: the new .ics says CANCELLED with a higher SEQUENCE, so calendars drop the entry.
      fake.requests.length = 0;
      await postMaintenanceUpdate(own, ctx, id, PostMaintenanceUpdate.parse({ status: "cancelled", body: "Not needed." }));
      for (let i = 0; i < 10; i++) await dispatcher.tick();
      const cancelled = fake.accepted.filter((e) => e.subject.includes("Storage migration") && !sent.includes(e));
      expect(cancelled).toHaveLength(3);
      const entry = (to: string) => {
        const email = cancelled.find((e) => e.to[0] === to);
        return events(Buffer.from(email?.attachments?.[0]?.content ?? "", "base64").toString("utf8"))[0];
      };
      expect(entry("ops0@example.com")).toMatchObject({ status: "CANCELLED", sequence: 1, summary: "Cancelled: Storage migration" });
      // The entry's own few words are the reader's language, like the email around it.
      const german = entry("ops2@example.com");
      expect(german).toMatchObject({ status: "CANCELLED", sequence: 1, summary: "Abgesagt: Storage migration" });
      expect(german?.description).toContain("Betroffene Komponenten: Database");
    } finally {
      own.testDb.destroy();
    }
  });

  it("after the provider fails on one, the rest of the batch waits for its retry; then each arrives once", async () => {
    const own = await createTestDeps({
      env: { PUBLIC_URL: BASE },
      mailer: () => resendMailer("re_test_key", "Status <s@status.test>", fake.url),
    });
    try {
      await makeSubscribers(
        own,
        Array.from({ length: 3 }, (_, i) => ({ email: `sre${i}@example.com` })),
      );
      const at = (h: number) => new Date(own.clock.now().getTime() + h * hour).toISOString();
      await createMaintenance(
        own,
        ctx,
        CreateMaintenance.parse({
          title: "Kernel patching",
          visibility: "public",
          body: "Rolling restarts.",
          scheduledFor: at(5),
          scheduledUntil: at(6),
        }),
      );
      fake.requests.length = 0;
      fake.failNext(1, 503);
      const dispatcher = createDispatcher(own, { bucket: new RateBucket(1000) });
      for (let i = 0; i < 5; i++) await dispatcher.tick();
      expect(fake.requests.map((r) => r.status)).toEqual([503]);
      const waiting = await own.db.select().from(delivery).where(eq(delivery.alone, true));
      expect(waiting.map((d) => d.state)).toEqual(["sending", "sending", "sending"]);
      own.clock.advance(10 * 60_000);
      for (let i = 0; i < 5; i++) await dispatcher.tick();
      const sent = fake.accepted.filter((e) => e.subject.includes("Kernel patching"));
      expect(sent.map((e) => e.to[0]).sort()).toEqual(["sre0@example.com", "sre1@example.com", "sre2@example.com"]);
      const rows = await own.db.select().from(delivery).where(eq(delivery.alone, true));
      expect(rows.map((d) => d.state)).toEqual(["sent", "sent", "sent"]);
    } finally {
      own.testDb.destroy();
    }
  });
});
