import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditEvent, capturedEmail, subscriber, subscription } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { selfServiceContext } from "../../src/services/subscribers/actors.ts";
import { confirmLinkValid, confirmSubscription } from "../../src/services/subscribers/confirm.ts";
import { manageView, updateSettings } from "../../src/services/subscribers/manage.ts";
import { CODE_REQUESTS_PER_IP_PER_HOUR, requestManageCode, verifyManageCode } from "../../src/services/subscribers/manage-code.ts";
import { SubscribeInput } from "../../src/services/subscribers/schemas.ts";
import { subscribe } from "../../src/services/subscribers/subscribe.ts";
import { unsubscribeByToken } from "../../src/services/subscribers/unsubscribe.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeAudience, makeComponent } from "../helpers/factories.ts";
import { makeIncident } from "../helpers/factories-page.ts";

let deps: TestDeps;
afterEach(() => deps?.testDb.destroy());
const ctx = (ip = "203.0.113.9") => selfServiceContext("test", ip);
const flush = () => createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();
const inbox = async (to: string) =>
  (await deps.db.select().from(capturedEmail).where(eq(capturedEmail.to, to))).sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
  );
const CHANGE = (component: string) => ({ components: [component], groups: [], maintenance: false, language: "de" as const });
const row = async (email: string) => (await deps.db.select().from(subscriber).where(eq(subscriber.target, email)))[0];

describe("self-service subscribe → confirm → manage → unsubscribe", () => {
  it("double opt-in: pending until the POST confirms; checking the link changes nothing", async () => {
    deps = await createTestDeps();
    const api = (await makeComponent(deps, { name: "API" })).id;
    await subscribe(deps, ctx(), SubscribeInput.parse({ email: "Ana@Example.com", components: [api], maintenance: false }));
    expect((await row("ana@example.com"))?.confirmedAt).toBeNull();
    await flush();
    const [mail] = await inbox("ana@example.com");
    expect(mail?.subject).toContain("Confirm");
    expect(mail?.text).toContain("API");
    const token = mail?.text.match(/\/confirm\/([^\s]+)/)?.[1] as string;
    expect(await confirmLinkValid(deps, token)).toBe(true);
    expect(await confirmLinkValid(deps, token)).toBe(true);
    expect(await manageView(deps, { session: token })).toBeNull(); // a confirmation link is not a manage session
    expect((await row("ana@example.com"))?.confirmedAt).toBeNull();
    expect(await confirmSubscription(deps, ctx(), token)).toBe("confirmed");
    expect((await row("ana@example.com"))?.confirmedAt).not.toBeNull();
    expect(await confirmSubscription(deps, ctx(), token)).toBe("invalid");
    expect(await confirmSubscription(deps, ctx(), `${token.slice(0, -1)}x`)).toBe("invalid");
  });

  it("no enumeration: the same answer for new, pending and active; at most 3 emails per address per hour; honeypot ignored", async () => {
    deps = await createTestDeps();
    const input = SubscribeInput.parse({ email: "bo@example.com" });
    for (let i = 0; i < 5; i++) await expect(subscribe(deps, ctx(), input)).resolves.toBeUndefined();
    await flush();
    expect(await inbox("bo@example.com")).toHaveLength(3);
    await subscribe(deps, ctx(), SubscribeInput.parse({ email: "bot@example.com", website: "http://spam" }));
    expect(await row("bot@example.com")).toBeUndefined();
  });

  it("an active subscriber who subscribes again gets a manage link, not a reset", async () => {
    deps = await createTestDeps();
    await subscribe(deps, ctx(), SubscribeInput.parse({ email: "cy@example.com" }));
    await flush();
    const token = (await inbox("cy@example.com"))[0]?.text.match(/\/confirm\/([^\s]+)/)?.[1] as string;
    await confirmSubscription(deps, ctx(), token);
    await subscribe(deps, ctx(), SubscribeInput.parse({ email: "cy@example.com" }));
    await flush();
    const mails = await inbox("cy@example.com");
    expect(mails[1]?.subject).toContain("already subscribed");
    expect((await row("cy@example.com"))?.confirmedAt).not.toBeNull();
  });

  it("rate-limits per IP with a 429", async () => {
    deps = await createTestDeps();
    for (let i = 0; i < 20; i++) await subscribe(deps, ctx("198.51.100.1"), SubscribeInput.parse({ email: `p${i}@example.com` }));
    await expect(subscribe(deps, ctx("198.51.100.1"), SubscribeInput.parse({ email: "q@example.com" }))).rejects.toMatchObject({
      code: "rate_limited",
    });
  });

  it("manage: the signed link opens the settings; a forged one does not; saving is a separate verb", async () => {
    deps = await createTestDeps();
    const api = (await makeComponent(deps, { name: "API" })).id;
    await subscribe(deps, ctx(), SubscribeInput.parse({ email: "li@example.com" }));
    const s = await row("li@example.com");
    const { manageUrl } = await import("../../src/notify/links.ts");
    const { serverSecret } = await import("../../src/auth/server-secret.ts");
    const url = new URL(manageUrl(deps.env, await serverSecret(deps.db, deps.clock), s?.id as string));
    const link = { subscriberId: url.searchParams.get("s") as string, sig: url.searchParams.get("sig") as string };
    expect(await manageView(deps, link)).toMatchObject({ email: "li@example.com", allComponents: true, state: "pending" });
    expect(await manageView(deps, { ...link, sig: "forged-signature-forged-signat" })).toBeNull();
    expect(
      await updateSettings(deps, ctx(), { ...link, sig: link.sig.replace(/.$/, (c) => (c === "x" ? "y" : "x")) }, CHANGE(api)),
    ).toBeNull();
    const view = await updateSettings(deps, ctx(), link, CHANGE(api));
    expect(view).toMatchObject({ allComponents: false, components: [api], maintenance: false, language: "de" });
    await deps.db.update(subscriber).set({ suppressedAt: deps.clock.now() }).where(eq(subscriber.id, link.subscriberId));
    expect(await manageView(deps, link)).toBeNull(); // a suppressed address has no settings to change
  });

  it("manage without the link: a code by address (same answer for unknown addresses), then a session", async () => {
    deps = await createTestDeps();
    const api = (await makeComponent(deps, { name: "API" })).id;
    await subscribe(deps, ctx(), SubscribeInput.parse({ email: "di@example.com" }));
    await flush();
    const before = (await deps.db.select().from(capturedEmail)).length;
    await requestManageCode(deps, ctx(), "nobody@example.com");
    await flush();
    expect(await deps.db.select().from(capturedEmail)).toHaveLength(before); // nothing sent, nothing told
    await requestManageCode(deps, ctx(), " DI@example.com ");
    await flush();
    const mail = (await inbox("di@example.com")).at(-1);
    const code = mail?.subject.match(/(\d{8})/)?.[1] as string;
    expect(mail?.text).toMatch(/\/subscriptions\/manage\?s=[0-9a-z]{12}&sig=/); // the code email carries the one-click link too
    expect(await verifyManageCode(deps, "di@example.com", "00000000")).toBeNull();
    expect(await verifyManageCode(deps, "nobody@example.com", code)).toBeNull();
    const session = (await verifyManageCode(deps, "di@example.com", code)) as string;
    expect(session).toBeTruthy();
    expect(await verifyManageCode(deps, "di@example.com", code)).toBeNull();
    const view = await updateSettings(deps, ctx(), { session }, CHANGE(api));
    expect(view).toMatchObject({ allComponents: false, components: [api], maintenance: false, language: "de" });
    expect(await manageView(deps, { session: "bogus.token-token-token-token" })).toBeNull();
    // A token only works for its own purpose: a manage session does not confirm, and vice versa.
    expect(await confirmLinkValid(deps, session)).toBe(false);
    expect(await confirmSubscription(deps, ctx(), session)).toBe("invalid");
    await expect(
      updateSettings(deps, ctx(), { session }, { components: ["zzzzzzzzzzzz"], groups: [], maintenance: true, language: "en" }),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("code requests are limited per IP (429) and per address (silently, 5 an hour)", async () => {
    deps = await createTestDeps();
    await subscribe(deps, ctx("198.51.100.7"), SubscribeInput.parse({ email: "rl@example.com" }));
    for (let i = 0; i < 7; i++) await requestManageCode(deps, ctx("198.51.100.7"), "rl@example.com");
    await flush();
    expect((await inbox("rl@example.com")).filter((m) => /code/.test(m.subject))).toHaveLength(5);
    for (let i = 7; i < CODE_REQUESTS_PER_IP_PER_HOUR; i++) await requestManageCode(deps, ctx("198.51.100.7"), `x${i}@example.com`);
    await expect(requestManageCode(deps, ctx("198.51.100.7"), "rl@example.com")).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("unsubscribe by token ends only that subscriber, is idempotent, and is audited once", async () => {
    deps = await createTestDeps();
    const { makeSubscribers } = await import("../helpers/factories.ts");
    const [a, b] = await makeSubscribers(deps, [{ email: "a@example.com" }, { email: "b@example.com" }]);
    const { unsubscribeToken } = await import("../../src/auth/link-signatures.ts");
    const { serverSecret } = await import("../../src/auth/server-secret.ts");
    const token = unsubscribeToken(await serverSecret(deps.db, deps.clock), a as string);
    expect(await unsubscribeByToken(deps, ctx(), token)).toBe(true);
    expect(await unsubscribeByToken(deps, ctx(), token)).toBe(true);
    expect(await unsubscribeByToken(deps, ctx(), "a".repeat(52))).toBe(false);
    const rows = await deps.db.select().from(subscriber);
    expect(rows.find((r) => r.id === a)?.unsubscribedAt).not.toBeNull();
    expect(rows.find((r) => r.id === b)?.unsubscribedAt).toBeNull();
    expect(await deps.db.select().from(auditEvent).where(eq(auditEvent.action, "subscriber.unsubscribe"))).toHaveLength(1);
  });
});

describe("admin API: /api/admin/subscribers and /api/admin/mailbox", () => {
  it("adds with consent (active at once) or without (pending + confirmation); validates; 409 on a duplicate", async () => {
    deps = await createTestDeps();
    await makeAudience(deps, "acme");
    const admin = await createMember(deps, "admin");
    const api = createApi(deps);
    const post = (body: unknown) =>
      api.request("/api/admin/subscribers", {
        method: "POST",
        headers: { ...admin.cookieHeaders, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const ok = await post({ email: "ceo@acme.com", audiences: ["acme"], consent: "signed the contract" });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ email: "ceo@acme.com", state: "active", audiences: ["acme"], consent: "signed the contract" });
    const pending = await post({ email: "new@example.com", consent: false });
    expect(await pending.json()).toMatchObject({ state: "pending" });
    await flush();
    expect(await inbox("new@example.com")).toHaveLength(1);
    expect((await post({ email: "ceo@acme.com", consent: true })).status).toBe(409);
    const bad = await post({ email: "not-an-email", consent: true, audiences: ["acme"] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].path).toBe("email");
    const unknown = await post({ email: "x@example.com", audiences: ["nope"], consent: true });
    expect(unknown.status).toBe(400);
    expect(await row("x@example.com")).toBeUndefined();
  });

  it("imports CSV with a per-row error report, lists, exports, shows history; viewers may not write", async () => {
    deps = await createTestDeps();
    const admin = await createMember(deps, "admin");
    const viewer = await createMember(deps, "viewer");
    const api = createApi(deps);
    const csv = 'email,maintenance,language\nok1@example.com,yes,en\nbroken,no,en\nok2@example.com,no,xx\n"ok3@example.com",no,de\n';
    const res = await api.request("/api/admin/subscribers/import", {
      method: "POST",
      headers: { ...admin.cookieHeaders, "content-type": "application/json" },
      body: JSON.stringify({ csv, consent: true }),
    });
    const report = await res.json();
    expect(report).toMatchObject({ total: 4, added: 2, failed: 2 });
    expect(report.rows.filter((r: { status: string }) => r.status === "error").map((r: { line: number }) => r.line)).toEqual([3, 4]);
    const list = await (await api.request("/api/admin/subscribers?state=active", { headers: viewer.cookieHeaders })).json();
    expect(list.subscribers.map((s: { email: string }) => s.email).sort()).toEqual(["ok1@example.com", "ok3@example.com"]);
    const exported = await api.request("/api/admin/subscribers/export.csv", { headers: admin.cookieHeaders });
    expect(exported.headers.get("content-type")).toContain("text/csv");
    expect(await exported.text()).toContain("ok3@example.com");
    const id = list.subscribers[0].id;
    const one = await (await api.request(`/api/admin/subscribers/${id}`, { headers: viewer.cookieHeaders })).json();
    expect(one).toMatchObject({ id, deliveries: [] });
    const denied = await api.request("/api/admin/subscribers", {
      method: "POST",
      headers: { ...viewer.cookieHeaders, "content-type": "application/json" },
      body: JSON.stringify({ email: "v@example.com", consent: true }),
    });
    expect(denied.status).toBe(403);
    const del = await api.request(`/api/admin/subscribers/${id}`, { method: "DELETE", headers: admin.cookieHeaders });
    expect(del.status).toBe(204);
  });

  it("a large import lets other requests take turns while it runs", async () => {
    deps = await createTestDeps();
    const { importSubscribers } = await import("../../src/services/subscribers/import.ts");
    const { SYSTEM } = await import("../../src/auth/permissions.ts");
    // 2,000 rows in the request (the inline limit raised): four 500-row transactions (import-job.ts).
    const csv = `email\n${Array.from({ length: 2_000 }, (_, i) => `bulk${i}@example.com`).join("\n")}\n`;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      const report = await importSubscribers(deps, { actor: SYSTEM }, { csv, consent: true }, { inlineRows: 5_000 });
      expect(report).toMatchObject({ total: 2_000, added: 2_000, failed: 0 });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(4); // a turn every ~10 ms of statements (db/take-turns.ts); none without it
  });

  it("mailbox: newest first with to, subject, headers, html, text, time; needs mailbox.read", async () => {
    deps = await createTestDeps();
    const admin = await createMember(deps, "admin");
    const communicator = await createMember(deps, "communicator");
    await subscribe(deps, ctx(), SubscribeInput.parse({ email: "first@example.com" }));
    deps.clock.advance(1000);
    await flush();
    deps.clock.advance(1000);
    await subscribe(deps, ctx(), SubscribeInput.parse({ email: "second@example.com" }));
    await flush();
    const api = createApi(deps);
    const res = await api.request("/api/admin/mailbox", { headers: admin.cookieHeaders });
    const { messages } = await res.json();
    expect(messages.map((m: { to: string }) => m.to)).toEqual(["second@example.com", "first@example.com"]);
    expect(Object.keys(messages[0]).sort()).toEqual(["attachments", "from", "headers", "html", "id", "subject", "text", "time", "to"]);
    expect(messages[0].attachments).toEqual([]);
    expect((await api.request("/api/admin/mailbox", { headers: communicator.cookieHeaders })).status).toBe(403);
  });
});

describe("subscribe: one incident, or only what I choose", () => {
  it("'Subscribe to this incident' follows that open public incident only; a resolved or internal one is refused", async () => {
    deps = await createTestDeps();
    await makeComponent(deps, { name: "API" });
    const open = await makeIncident(deps, { title: "Slow logins" });
    await subscribe(deps, ctx(), SubscribeInput.parse({ email: "fan@example.com", incidents: [open], maintenance: false }));
    const fan = await row("fan@example.com");
    expect(fan?.allComponents).toBe(false);
    const follows = await deps.db
      .select()
      .from(subscription)
      .where(eq(subscription.subscriberId, fan?.id as string));
    expect(follows.map((f) => [f.targetType, f.targetId])).toEqual([["incident", open]]);
    await flush();
    expect((await inbox("fan@example.com"))[0]?.text).toContain("Slow logins");
    const resolved = await makeIncident(deps, { status: "resolved", resolvedAt: deps.clock.now() });
    const internal = await makeIncident(deps, { visibility: "internal" });
    for (const id of [resolved, internal])
      await expect(subscribe(deps, ctx(), SubscribeInput.parse({ email: "late@example.com", incidents: [id] }))).rejects.toMatchObject({
        status: 400,
        details: [{ path: "incidents" }],
      });
    expect(await row("late@example.com")).toBeUndefined();
  });

  it("'only what I choose' with nothing chosen is refused rather than meaning everything", async () => {
    deps = await createTestDeps();
    const parsed = SubscribeInput.safeParse({ email: "picky@example.com", scope: "chosen" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["components"], message: expect.stringContaining("choose at least one") });
    const api = (await makeComponent(deps, { name: "API" })).id;
    expect(SubscribeInput.safeParse({ email: "picky@example.com", scope: "chosen", components: [api] }).success).toBe(true);
    expect(SubscribeInput.safeParse({ email: "all@example.com", scope: "all" }).success).toBe(true);
  });
});
