import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incident, jobLease, notification } from "../../db/schema/index.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { JOBS } from "../../src/jobs/index.ts";
import { createScheduler } from "../../src/jobs/scheduler.ts";
import { createIncident } from "../../src/services/incidents/create.ts";
import { CreateIncident } from "../../src/services/incidents/schemas.ts";
import { createMaintenance } from "../../src/services/maintenances/create.ts";
import { CreateMaintenance } from "../../src/services/maintenances/schemas.ts";
import { publishUpdate } from "../../src/services/updates/publish.ts";
import { PostUpdate } from "../../src/services/updates/schemas.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { seedAudiences, seedComponent } from "../helpers/incident-fixtures.ts";
import { statusFor } from "../helpers/status.ts";

let deps: TestDeps;
let owner: TestMember;
let comp: string;
const MIN = 60_000;

beforeAll(async () => {
  deps = await createTestDeps();
  await seedAudiences(deps, {});
  owner = await createMember(deps, "admin", "owner@example.com");
  await createMember(deps, "communicator", "comms@example.com");
  await createMember(deps, "responder", "resp@example.com");
  comp = await seedComponent(deps, "DB");
});
afterAll(() => deps.testDb.destroy());

const emailsTo = async (kind: string) =>
  (await deps.db.select().from(notification).where(eq(notification.kind, kind)))
    .map((n) => (n.payload as { email: { to: string } }).email.to)
    .sort();

describe("jobs (fake clock)", () => {
  it("reminds before, starts at and completes after the window; once each", async () => {
    const start = new Date(deps.clock.now().getTime() + 90 * MIN);
    const m = await createMaintenance(
      deps,
      { actor: SYSTEM },
      CreateMaintenance.parse({
        title: "Upgrade",
        visibility: "public",
        components: [comp],
        body: "Planned.",
        scheduledFor: start.toISOString(),
        scheduledUntil: new Date(start.getTime() + 60 * MIN).toISOString(),
      }),
    );
    const scheduler = createScheduler(deps);
    const kinds = async () => (await deps.db.select().from(notification).where(eq(notification.incidentId, m.id))).map((n) => n.kind);
    await scheduler.tick();
    expect(await kinds()).toEqual(["maintenance.scheduled"]);
    deps.clock.advance(31 * MIN);
    await scheduler.tick();
    await scheduler.tick();
    expect(await kinds()).toEqual(["maintenance.scheduled", "maintenance.reminder"]);
    deps.clock.advance(60 * MIN);
    await scheduler.tick();
    expect((await deps.db.select().from(incident).where(eq(incident.id, m.id)))[0]?.status).toBe("in_progress");
    expect(await statusFor(deps, comp)).toBe("under_maintenance");
    deps.clock.advance(61 * MIN);
    await scheduler.tick();
    await scheduler.tick();
    expect((await deps.db.select().from(incident).where(eq(incident.id, m.id)))[0]?.status).toBe("completed");
    expect(await kinds()).toEqual(["maintenance.scheduled", "maintenance.reminder", "maintenance.started", "maintenance.completed"]);
    await scheduler.stop();
  });

  it("an overdue promise reminds the owner and communicators once per promise", async () => {
    const inc = await createIncident(
      deps,
      owner.ctx,
      CreateIncident.parse({
        title: "Slow",
        body: "Looking.",
        visibility: "public",
        nextUpdateBy: new Date(deps.clock.now().getTime() + 10 * MIN).toISOString(),
      }),
    );
    const scheduler = createScheduler(deps);
    await scheduler.tick();
    expect(await emailsTo("incident.overdue_reminder")).toEqual([]);
    deps.clock.advance(11 * MIN);
    await scheduler.tick();
    await scheduler.tick();
    expect(await emailsTo("incident.overdue_reminder")).toEqual(["comms@example.com", "owner@example.com"]);
    await publishUpdate(
      deps,
      owner.ctx,
      inc.id,
      PostUpdate.parse({
        status: "identified",
        body: "Found it.",
        nextUpdateBy: new Date(deps.clock.now().getTime() + 5 * MIN).toISOString(),
      }),
    );
    deps.clock.advance(6 * MIN);
    await scheduler.tick();
    expect(await emailsTo("incident.overdue_reminder")).toHaveLength(4);
    await scheduler.stop();
  });

  it("only the lease holder runs a job; another instance takes over after the lease expires", async () => {
    const a = createScheduler(deps, undefined, { owner: "a", leaseMs: 60_000 });
    const b = createScheduler(deps, undefined, { owner: "b", leaseMs: 60_000 });
    expect((await a.tick()).length).toBe(JOBS.length);
    expect(await b.tick()).toEqual([]);
    expect((await a.tick()).length).toBe(JOBS.length);
    deps.clock.advance(61_000);
    expect((await b.tick()).length).toBe(JOBS.length);
    expect(await a.tick()).toEqual([]);
    const leases = await deps.db.select().from(jobLease);
    expect(leases.every((l) => l.owner === "b" && l.lastResult !== null)).toBe(true);
    await b.stop();
    expect((await a.tick()).length).toBe(JOBS.length);
  });
});
