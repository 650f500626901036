import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedEmail } from "../../db/schema/index.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { ANONYMOUS, audienceViewer } from "../../src/projection/index.ts";
import { createMaintenance } from "../../src/services/maintenances/create.ts";
import { postMaintenanceUpdate } from "../../src/services/maintenances/post-update.ts";
import { rescheduleMaintenance } from "../../src/services/maintenances/reschedule.ts";
import { CreateMaintenance, PostMaintenanceUpdate, RescheduleMaintenance } from "../../src/services/maintenances/schemas.ts";
import { maintenanceCalendar } from "../../src/services/public/calendar.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeSubscribers } from "../helpers/factories.ts";
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
