import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../../src/auth/context.ts";
import { validateSession } from "../../src/auth/sessions.ts";
import { NEW_MAINTENANCE_FORMS } from "../../src/console/forms/maintenance.ts";
import { ACCOUNT_FORMS } from "../../src/console/forms/team.ts";
import { listMaintenances } from "../../src/services/maintenances/list.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { postForm, sendForm } from "../helpers/console-forms.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

let deps: TestDeps;
let member: TestMember;

beforeAll(async () => {
  deps = await createTestDeps();
  member = await createMember(deps, "communicator");
});
afterAll(() => deps.testDb.destroy());

/** The member as the next request sees them: their session read again, with the time zone they saved. */
async function signedIn(): Promise<ServiceContext> {
  const token = member.cookieHeaders.cookie?.split("=").slice(1).join("=") ?? "";
  const valid = await validateSession(deps, token);
  if (!valid) throw new Error("session not valid");
  return { actor: valid.actor, requestId: "test" };
}

async function schedule(ctx: ServiceContext, fields: Record<string, string>): Promise<{ scheduledFor: string; scheduledUntil: string }> {
  const out = await sendForm(deps, ctx, NEW_MAINTENANCE_FORMS, {
    title: "Database upgrade",
    visibility: "internal",
    body: "We are upgrading the database.",
    ...fields,
  });
  if (!(out instanceof Response)) throw new Error(`not scheduled: ${JSON.stringify(out.problem)}`);
  const id = (out.headers.get("location") ?? "").split("/").pop() ?? "";
  const m = (await listMaintenances(deps)).find((row) => row.id === id);
  if (!m) throw new Error("maintenance not stored");
  return { scheduledFor: new Date(m.scheduledFor ?? 0).toISOString(), scheduledUntil: new Date(m.scheduledUntil ?? 0).toISOString() };
}

describe("console times in the member's time zone", () => {
  it("a member in New York who types 09:00 in January schedules 14:00 UTC", async () => {
    const saved = await postForm(deps, member.ctx, ACCOUNT_FORMS, { intent: "time-zone", timeZone: "America/New_York" });
    expect(saved.problem).toBeUndefined();
    expect(saved.notice).toContain("America/New_York");
    const ctx = await signedIn();
    expect(ctx.actor).toMatchObject({ timeZone: "America/New_York" });
    const m = await schedule(ctx, { scheduledFor: "2027-01-15T09:00", scheduledUntil: "2027-01-15T11:00" });
    expect(m).toEqual({ scheduledFor: "2027-01-15T14:00:00.000Z", scheduledUntil: "2027-01-15T16:00:00.000Z" });
  });

  it("across the spring change the window's two ends take different offsets", async () => {
    const ctx = await signedIn();
    // 8 March 2026 (clocks go forward at 02:00): 01:00 EST is 06:00Z, 04:00 EDT is 08:00Z — a 2-hour window, not 3.
    const m = await schedule(ctx, { scheduledFor: "2026-03-08T01:00", scheduledUntil: "2026-03-08T04:00" });
    expect(m).toEqual({ scheduledFor: "2026-03-08T06:00:00.000Z", scheduledUntil: "2026-03-08T08:00:00.000Z" });
  });

  it("the zone the form showed wins over the setting (the page was open while the setting changed)", async () => {
    const ctx = await signedIn();
    const m = await schedule(ctx, { scheduledFor: "2027-01-15T09:00", scheduledUntil: "2027-01-15T10:00", timeZone: "Europe/Berlin" });
    expect(m.scheduledFor).toBe("2027-01-15T08:00:00.000Z");
  });

  it("an unknown zone is refused in words and nothing changes; an empty choice follows the browser again", async () => {
    const bad = await postForm(deps, member.ctx, ACCOUNT_FORMS, { intent: "time-zone", timeZone: "Mars/Olympus_Mons" });
    expect(bad.problem?.status).toBe(400);
    expect(bad.errors.timeZone).toMatch(/Choose a time zone/);
    expect((await signedIn()).actor).toMatchObject({ timeZone: "America/New_York" });
    const cleared = await postForm(deps, member.ctx, ACCOUNT_FORMS, { intent: "time-zone", timeZone: "" });
    expect(cleared.notice).toMatch(/browser/);
    const ctx = await signedIn();
    expect(ctx.actor).toMatchObject({ timeZone: null });
    // Without a setting, a cookie or a posted zone, times are UTC.
    const m = await schedule(ctx, { scheduledFor: "2027-01-15T09:00", scheduledUntil: "2027-01-15T10:00" });
    expect(m.scheduledFor).toBe("2027-01-15T09:00:00.000Z");
  });
});
