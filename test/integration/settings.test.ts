import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContentVersion } from "../../db/content-version.ts";
import { auditEvent, pageSettings } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let owner: TestMember;
let communicator: TestMember;

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  [owner, communicator] = await Promise.all([createMember(deps, "owner"), createMember(deps, "communicator")]);
});
afterAll(() => deps.testDb.destroy());

const patch = (who: TestMember, body: unknown) =>
  api.request("/api/admin/settings", {
    method: "PATCH",
    headers: { ...who.cookieHeaders, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("settings API", () => {
  it("a fresh database has defaults and a stable 12-character page id", async () => {
    const first = await (await api.request("/api/admin/settings", { headers: communicator.cookieHeaders })).json();
    expect(first).toMatchObject({
      name: "Status",
      timeZone: "UTC",
      brandColor: "#2457d6",
      footerLinks: [],
      pageId: expect.stringMatching(/^[0-9a-z]{12}$/),
    });
    const again = await (await api.request("/api/admin/settings", { headers: communicator.cookieHeaders })).json();
    expect(again.pageId).toBe(first.pageId);
  });

  it("updates name, colour, time zone, links; audits and bumps the content version", async () => {
    const before = await readContentVersion(deps.db);
    const res = await patch(owner, {
      name: "Acme Status",
      brandColor: "#112233",
      timeZone: "Europe/Paris",
      supportUrl: "https://help.example.com",
      logoUrl: null,
      footerLinks: [{ label: "Home", url: "https://example.com" }],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: "Acme Status",
      timeZone: "Europe/Paris",
      footerLinks: [{ label: "Home", url: "https://example.com" }],
    });
    expect(await readContentVersion(deps.db)).toBeGreaterThan(before);
    const audits = await deps.db.select().from(auditEvent).where(eq(auditEvent.action, "settings.update"));
    expect(audits).toHaveLength(1);
  });

  it.each([
    ["bad colour", { brandColor: "blue" }, "brandColor"],
    ["bad time zone", { timeZone: "Mars/Olympus" }, "timeZone"],
    ["javascript: URL", { supportUrl: "javascript:alert(1)" }, "supportUrl"],
    ["link without label", { footerLinks: [{ label: "", url: "https://x.example" }] }, "footerLinks.0.label"],
    ["empty body", {}, "(root)"],
  ])("%s → 400 naming %s, nothing changed", async (_n, body, field) => {
    const [before] = await deps.db.select().from(pageSettings);
    const res = await patch(owner, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.map((d: { path: string }) => d.path)).toContain(field);
    const [after] = await deps.db.select().from(pageSettings);
    expect(after).toEqual(before);
  });

  it("communicators may read but not change settings", async () => {
    expect((await patch(communicator, { name: "x" })).status).toBe(403);
    expect((await api.request("/api/admin/settings", { method: "PATCH" })).status).toBe(401);
  });
});
