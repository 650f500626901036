import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedEmail, notification, report, subscriber } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { confirmReporterEmail } from "../../src/services/intake/report-confirm.ts";
import { submitReport } from "../../src/services/intake/submit-report.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, seedAudiences, seedComponent, seedSubscriber } from "../helpers/incident-fixtures.ts";
import { createPublicTestServer } from "../helpers/public-server.ts";

let deps: TestDeps;
let admin: TestMember;
let server: ReturnType<typeof createPublicTestServer>;
let publicComponent: string;
let hiddenComponent: string;
const web = (ip: string) => ({ actor: { type: "system" as const, id: null, name: "report form" }, ip });

beforeAll(async () => {
  deps = await createTestDeps();
  await seedAudiences(deps, { acme: "acme.com" });
  admin = await createMember(deps, "admin");
  server = createPublicTestServer(deps);
  publicComponent = await seedComponent(deps, "Website");
  hiddenComponent = await seedComponent(deps, "HIDDEN-CANARY cluster", "internal");
});
afterAll(() => deps.testDb.destroy());

describe("feeds filtered by component", () => {
  it("a component the viewer may not see reads exactly like an unknown one", async () => {
    const api = createApi(deps);
    await callApi(api, admin, "POST", "/incidents", {
      title: "Website slow",
      visibility: "public",
      body: "Slow pages.",
      components: [{ id: publicComponent, status: "degraded_performance" }],
    });
    await callApi(api, admin, "POST", "/incidents", {
      title: "Both affected",
      visibility: "public",
      body: "Errors.",
      components: [
        { id: publicComponent, status: "partial_outage" },
        { id: hiddenComponent, status: "major_outage" },
      ],
    });
    const feed = async (component: string) =>
      (await (await server.app.request(`/history.atom?component=${component}`)).text()).replace(/<updated>[^<]*<\/updated>/g, "");
    const unknown = await feed("zzzzzzzzzzzz");
    const hidden = await feed(hiddenComponent);
    expect(hidden).not.toContain(hiddenComponent);
    expect(hidden).toBe(unknown.replaceAll("zzzzzzzzzzzz", hiddenComponent));
    expect(await feed(publicComponent)).toContain(publicComponent);
  });
});

describe("maintenance emails", () => {
  it("link to the maintenance's own page, not /incidents/", async () => {
    await seedSubscriber(deps, "follower@example.com");
    const res = await callApi(createApi(deps), admin, "POST", "/maintenances", {
      title: "Database upgrade",
      visibility: "public",
      components: [publicComponent],
      body: "We will upgrade the database.",
      scheduledFor: "2026-03-05T02:00:00Z",
      scheduledUntil: "2026-03-05T04:00:00Z",
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    await createDispatcher(deps).tick();
    const mails = await deps.db.select().from(capturedEmail).where(eq(capturedEmail.to, "follower@example.com"));
    const mail = mails.find((m) => m.text.includes("Database upgrade"));
    expect(mail?.text).toContain(`/maintenance/${id}`);
    expect(mail?.text).not.toContain(`/incidents/${id}`);
  });
});

describe("the report form's address", () => {
  it("is kept, and can become a subscriber, only after its owner confirms from the email", async () => {
    const done = await submitReport(deps, web("192.0.2.1"), {
      what: "SPAM-CANARY buy now",
      componentId: null,
      email: "victim@example.com",
    });
    const [row] = await deps.db
      .select()
      .from(report)
      .where(eq(report.id, done.id as string));
    expect(row?.email).toBeNull();
    const mails = (await deps.db.select().from(notification)).filter(
      (n) => (n.payload as { email?: { to: string } } | null)?.email?.to === "victim@example.com",
    );
    expect(mails.map((m) => m.kind)).toEqual(["report.confirm"]);
    const text = (mails[0]?.payload as { email?: { text: string } } | undefined)?.email?.text ?? "";
    expect(text).not.toContain("SPAM-CANARY");
    const url = new URL(/https?:\/\/\S+\/report\/confirm\/\S+/.exec(text)?.[0] ?? "http://x/");
    const link = { reportId: done.id as string, email: url.searchParams.get("e") ?? "", signature: url.searchParams.get("sig") ?? "" };

    expect(await confirmReporterEmail(deps, web("192.0.2.1"), { ...link, email: "other@example.com" })).toBe(false);
    expect(await confirmReporterEmail(deps, web("192.0.2.1"), { ...link, signature: "forged" })).toBe(false);
    expect((await deps.db.select().from(report).where(eq(report.id, link.reportId)))[0]?.email).toBeNull();
    expect(await deps.db.select().from(subscriber).where(eq(subscriber.target, "victim@example.com"))).toEqual([]);

    expect(await confirmReporterEmail(deps, web("192.0.2.1"), link)).toBe(true);
    expect((await deps.db.select().from(report).where(eq(report.id, link.reportId)))[0]?.email).toBe("victim@example.com");
  });
});
