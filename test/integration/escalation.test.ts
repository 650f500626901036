import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent, escalation, notification } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createIntakeApi } from "../../src/api/intake/index.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { escalations } from "../../src/jobs/escalations.ts";
import { acknowledgeEscalation, findByAckToken } from "../../src/services/escalations/acknowledge.ts";
import { createIncident } from "../../src/services/incidents/create.ts";
import { createRule } from "../../src/services/intake/rules-admin.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, seedComponent } from "../helpers/incident-fixtures.ts";
import { makeSource, postIntake } from "../helpers/intake.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let admin: TestMember;
let oncall: TestMember;
let db: string;
let src: Awaited<ReturnType<typeof makeSource>>;
let intake: ReturnType<typeof createIntakeApi>;

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  intake = createIntakeApi(deps);
  admin = await createMember(deps, "admin");
  oncall = await createMember(deps, "responder", "oncall@example.com");
  db = await seedComponent(deps, "Database");
  src = await makeSource(deps, "generic");
  await createRule(
    deps,
    { actor: SYSTEM },
    {
      name: "db",
      position: 0,
      matchers: [{ label: "service", op: "=", value: "db" }],
      componentIds: [db],
      action: "suggest",
      minHoldSeconds: 0,
      enabled: true,
    },
  );
  for (const body of [
    { componentId: db, level: 1, memberId: oncall.actor.id, ackMinutes: 10 },
    { componentId: db, level: 2, email: "lead@example.com", ackMinutes: 10 },
    { category: "security", level: 1, email: "sec@example.com" },
  ])
    expect((await callApi(api, admin, "POST", "/escalation-contacts", body)).status).toBe(201);
});
afterAll(() => deps.testDb.destroy());

const pagesTo = async (to: string) =>
  (await deps.db.select().from(notification)).filter(
    (n) => n.kind === "escalation.page" && (n.payload as { email: { to: string } }).email.to === to,
  );
const ackLink = async (to: string) => {
  const [page] = await pagesTo(to);
  const text = (page?.payload as { email: { text: string } } | undefined)?.email.text ?? "";
  return /\/ack\/([^\s]+)/.exec(text)?.[1] as string;
};

describe("escalation (fake clock)", () => {
  it("a critical signal pages level 1 at once, level 2 after the wait, and stops on acknowledgement", async () => {
    await postIntake(intake, "generic", src.headers, {
      fingerprint: "db-down",
      status: "firing",
      severity: "critical",
      summary: "Primary database down",
      labels: { service: "db" },
    });
    expect(await pagesTo("oncall@example.com")).toHaveLength(1);
    expect(await pagesTo("lead@example.com")).toHaveLength(0);
    await postIntake(intake, "generic", src.headers, {
      fingerprint: "db-down",
      status: "firing",
      severity: "critical",
      summary: "Primary database down",
      labels: { service: "db" },
    });
    expect(await pagesTo("oncall@example.com")).toHaveLength(1);

    deps.clock.advance(9 * 60_000);
    await escalations.run(deps);
    expect(await pagesTo("lead@example.com")).toHaveLength(0);
    deps.clock.advance(60_000);
    await escalations.run(deps);
    expect(await pagesTo("lead@example.com")).toHaveLength(1);

    const token = await ackLink("lead@example.com");
    expect(token).toBe(await ackLink("oncall@example.com"));
    const row = await findByAckToken(deps, token);
    expect(row).not.toBeNull();
    expect(await findByAckToken(deps, `${token.slice(0, -2)}aa`)).toBeNull();
    deps.clock.advance(2 * 60_000);
    const ack = await acknowledgeEscalation(deps, { actor: { type: "system", id: null, name: "email link" } }, row?.id as string);
    expect(ack.timeToAckMs).toBe(12 * 60_000);
    deps.clock.advance(60 * 60_000);
    await escalations.run(deps);
    expect(await pagesTo("lead@example.com")).toHaveLength(1);
    const [stored] = await deps.db
      .select()
      .from(escalation)
      .where(eq(escalation.id, row?.id as string));
    expect(stored).toMatchObject({ level: 2, timeToAckMs: 12 * 60_000, nextAt: null });
    const actions = (
      await deps.db
        .select()
        .from(auditEvent)
        .where(eq(auditEvent.resourceId, row?.id as string))
    ).map((a) => a.action);
    expect(actions).toEqual(["escalation.start", "escalation.escalate", "escalation.acknowledge"]);
  });

  it("a new P1 incident pages its category's contacts; with no next level the escalation ends", async () => {
    await createIncident(deps, admin.ctx, {
      title: "Credential leak",
      body: "Investigating",
      impact: "critical",
      status: "investigating",
      visibility: "internal",
      category: "security",
      priority: "P1",
      variants: [],
      components: [],
      notify: false,
      draft: false,
    });
    await createIncident(deps, admin.ctx, {
      title: "Typo on page",
      body: "Fixing",
      impact: "none",
      status: "investigating",
      visibility: "internal",
      category: "security",
      priority: "P4",
      variants: [],
      components: [],
      notify: false,
      draft: false,
    });
    await escalations.run(deps);
    const pages = await pagesTo("sec@example.com");
    expect(pages).toHaveLength(1);
    expect((pages[0]?.payload as { email: { subject: string } } | undefined)?.email.subject).toContain("Credential leak");
    deps.clock.advance(16 * 60_000);
    await escalations.run(deps);
    const [row] = (await deps.db.select().from(escalation)).filter((e) => e.title === "Credential leak");
    expect(row?.exhaustedAt).not.toBeNull();
  });

  it("acknowledges from the console; bad contact input names the field", async () => {
    const [row] = (await deps.db.select().from(escalation)).filter((e) => e.title === "Credential leak");
    const res = await callApi(api, oncall, "POST", `/escalations/${row?.id}/acknowledge`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { timeToAckMs: number }).timeToAckMs).toBe(16 * 60_000);
    const bad = await callApi(api, admin, "POST", "/escalation-contacts", { level: 0, email: "x" });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["level", "email", "componentId"]));
    expect((await callApi(api, oncall, "POST", "/escalation-contacts", { category: "x", level: 1, email: "a@example.com" })).status).toBe(
      403,
    );
  });

  it("a P1 created or raised through the API pages at once, without waiting for the job", async () => {
    const created = await callApi(api, admin, "POST", "/incidents", {
      title: "Key rotation failed",
      body: "Investigating",
      impact: "major",
      visibility: "internal",
      category: "security",
      priority: "P1",
    });
    expect(created.status).toBe(201);
    const subjects = async () => (await pagesTo("sec@example.com")).map((p) => (p.payload as { email: { subject: string } }).email.subject);
    expect((await subjects()).some((s) => s.includes("Key rotation failed"))).toBe(true);
    const low = await callApi(api, admin, "POST", "/incidents", {
      title: "Odd log line",
      body: "Looking",
      visibility: "internal",
      category: "security",
      priority: "P3",
    });
    const { id } = (await low.json()) as { id: string };
    expect((await subjects()).some((s) => s.includes("Odd log line"))).toBe(false);
    expect((await callApi(api, admin, "PATCH", `/incidents/${id}`, { priority: "P2" })).status).toBe(200);
    expect((await subjects()).some((s) => s.includes("Odd log line"))).toBe(true);
  });
});
