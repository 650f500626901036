import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent, capturedEmail, session, teamMember } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { SESSION_COOKIE } from "../../src/auth/cookies.ts";
import { SESSION_ABSOLUTE_MS, SESSION_TTL_MS, validateSession } from "../../src/auth/sessions.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { ensureInitialOwner, setupOwner } from "../../src/services/auth/setup-owner.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
const OWNER = { email: "owner@example.com", name: "Olivia Owner", password: "long enough passphrase" };
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  body: JSON.stringify(body),
  headers: { "content-type": "application/json", ...headers },
});
const cookieOf = (res: Response) => res.headers.get("set-cookie")?.match(new RegExp(`${SESSION_COOKIE}=([^;]*)`))?.[1] ?? "";
const sameOrigin = (token: string) => ({ cookie: `${SESSION_COOKIE}=${token}`, "sec-fetch-site": "same-origin" });

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  await setupOwner(deps, OWNER);
});
afterAll(() => deps.testDb.destroy());

describe("setup", () => {
  it("is closed once a member exists", async () => {
    await expect(setupOwner(deps, { ...OWNER, email: "second@example.com" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("the environment creates the first owner only on an empty team", async () => {
    const fresh = await createTestDeps({
      env: { CLARION_ADMIN_EMAIL: "Boot@Example.com", CLARION_ADMIN_PASSWORD: "bootstrap passphrase" },
    });
    expect(await ensureInitialOwner(fresh)).toBe(true);
    expect(await ensureInitialOwner(fresh)).toBe(false);
    const members = await fresh.db.select().from(teamMember);
    expect(members).toMatchObject([{ email: "boot@example.com", role: "owner" }]);
    fresh.testDb.destroy();
  });
});

describe("login", () => {
  it("sets an HttpOnly SameSite=Lax cookie; Secure and __Host- over https", async () => {
    const res = await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password }));
    expect(res.status).toBe(201);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const https = await api.request("https://status.example.com/api/admin/session", json({ email: OWNER.email, password: OWNER.password }));
    expect(https.headers.get("set-cookie")).toMatch(/^__Host-clarion_session=.*; Path=\/; HttpOnly; SameSite=Lax; .*Secure/);
  });

  it("answers unknown email and wrong password identically", async () => {
    const a = await api.request(
      "/api/admin/session",
      json({ email: "nobody@example.com", password: "whatever passphrase" }, { "x-request-id": "r" }),
    );
    const b = await api.request("/api/admin/session", json({ email: OWNER.email, password: "wrong passphrase!" }, { "x-request-id": "r" }));
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(await a.text()).toBe(await b.text());
  });

  it("slows down repeated failures per account, then lets the right password in after the delay", async () => {
    const email = "throttled@example.com";
    await deps.db
      .insert(teamMember)
      .values({ id: "throttled001", email, name: "T", role: "viewer", passwordHash: null, createdAt: new Date(), updatedAt: new Date() });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await api.request("/api/admin/session", json({ email, password: "wrong passphrase" }))).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[4]).toBe(429);
    const limited = await api.request("/api/admin/session", json({ email, password: "wrong passphrase" }));
    expect(limited.headers.get("retry-after")).toBeTruthy();
    deps.clock.advance(5 * 60_000);
    expect((await api.request("/api/admin/session", json({ email, password: "wrong passphrase" }))).status).toBe(401);
  });

  it("audits successes and failures", async () => {
    const events = await deps.db.select().from(auditEvent);
    expect(events.some((e) => e.action === "auth.login")).toBe(true);
    expect(events.some((e) => e.action === "auth.login_failed")).toBe(true);
    expect(JSON.stringify(events)).not.toContain(OWNER.password);
  });
});

describe("sessions", () => {
  it("slide past half-life, but never beyond the absolute limit", async () => {
    const res = await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password }));
    const token = cookieOf(res);
    const first = await validateSession(deps, token);
    expect(first?.renewed).toBe(false);
    deps.clock.advance(SESSION_TTL_MS / 2 + 1000);
    const renewed = await validateSession(deps, token);
    expect(renewed?.renewed).toBe(true);
    for (let t = 0; t < SESSION_ABSOLUTE_MS; t += SESSION_TTL_MS / 2) {
      deps.clock.advance(SESSION_TTL_MS / 2);
      await validateSession(deps, token);
    }
    expect(await validateSession(deps, token)).toBeNull();
  });

  it("reject a forged secret for a real id", async () => {
    const res = await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password }));
    const [id] = cookieOf(res).split(".");
    expect(await validateSession(deps, `${id}.${"a".repeat(32)}`)).toBeNull();
  });

  it("logout ends the session", async () => {
    const token = cookieOf(await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password })));
    expect((await api.request("/api/admin/me", { headers: sameOrigin(token) })).status).toBe(200);
    expect((await api.request("/api/admin/session", { method: "DELETE", headers: sameOrigin(token) })).status).toBe(204);
    expect((await api.request("/api/admin/me", { headers: sameOrigin(token) })).status).toBe(401);
  });

  it("a password change revokes every session and issues a new one", async () => {
    const t1 = cookieOf(await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password })));
    const t2 = cookieOf(await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password })));
    const res = await api.request(
      "/api/admin/me/password",
      json({ currentPassword: OWNER.password, newPassword: "a brand new passphrase" }, sameOrigin(t1)),
    );
    expect(res.status).toBe(200);
    const t3 = cookieOf(res);
    expect((await api.request("/api/admin/me", { headers: sameOrigin(t1) })).status).toBe(401);
    expect((await api.request("/api/admin/me", { headers: sameOrigin(t2) })).status).toBe(401);
    expect((await api.request("/api/admin/me", { headers: sameOrigin(t3) })).status).toBe(200);
    const wrong = await api.request(
      "/api/admin/me/password",
      json({ currentPassword: "nope nope nope", newPassword: "another new passphrase" }, sameOrigin(t3)),
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.details[0].path).toBe("currentPassword");
    OWNER.password = "a brand new passphrase";
  });
});

describe("CSRF", () => {
  it("refuses a cross-origin JSON POST that carries the session cookie", async () => {
    const token = cookieOf(await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password })));
    const evil = await api.request(
      "/api/admin/tokens",
      json({ name: "x", scopes: ["read"] }, { cookie: `${SESSION_COOKIE}=${token}`, origin: "https://evil.example" }),
    );
    expect(evil.status).toBe(403);
    expect((await evil.json()).error.code).toBe("origin_mismatch");
    const crossSite = await api.request(
      "/api/admin/tokens",
      json({ name: "x", scopes: ["read"] }, { cookie: `${SESSION_COOKIE}=${token}`, "sec-fetch-site": "cross-site" }),
    );
    expect(crossSite.status).toBe(403);
    const noHeaders = await api.request(
      "/api/admin/tokens",
      json({ name: "x", scopes: ["read"] }, { cookie: `${SESSION_COOKIE}=${token}` }),
    );
    expect(noHeaders.status).toBe(403);
    const ok = await api.request(
      "/api/admin/tokens",
      json({ name: "x", scopes: ["read"] }, { cookie: `${SESSION_COOKIE}=${token}`, origin: "http://localhost" }),
    );
    expect(ok.status).toBe(201);
  });
});

describe("API tokens", () => {
  it("are shown once, work as Bearer, record last use, respect scopes, and stop when revoked", async () => {
    const token = cookieOf(await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password })));
    const created = await (
      await api.request("/api/admin/tokens", json({ name: "deploy bot", scopes: ["read"] }, sameOrigin(token)))
    ).json();
    expect(created.token).toMatch(/^clarion_[0-9a-z]{12}\./);
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await api.request("/api/admin/me", { headers: bearer })).status).toBe(200);
    expect((await api.request("/api/admin/tokens", { headers: bearer })).status).toBe(403);
    const list = await (await api.request("/api/admin/tokens", { headers: sameOrigin(token) })).json();
    const listed = list.tokens.find((t: { id: string }) => t.id === created.id);
    expect(listed.lastUsedAt).toBeTruthy();
    expect(JSON.stringify(list)).not.toContain(created.token.split(".")[1]);
    expect((await api.request(`/api/admin/tokens/${created.id}`, { method: "DELETE", headers: sameOrigin(token) })).status).toBe(204);
    expect((await api.request("/api/admin/me", { headers: bearer })).status).toBe(401);
  });

  it("expire", async () => {
    const token = cookieOf(await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password })));
    const created = await (
      await api.request("/api/admin/tokens", json({ name: "short", scopes: ["read"], expiresInDays: 1 }, sameOrigin(token)))
    ).json();
    deps.clock.advance(2 * 86_400_000);
    expect((await api.request("/api/admin/me", { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(401);
  });

  it("a malformed Authorization header is 401", async () => {
    expect((await api.request("/api/admin/me", { headers: { authorization: "Basic abc" } })).status).toBe(401);
    expect((await api.request("/api/admin/me", { headers: { authorization: "Bearer nope" } })).status).toBe(401);
  });
});

describe("invitations and roles", () => {
  it("invite → email through the outbox → accept → signed in with the role", async () => {
    const token = cookieOf(await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password })));
    const res = await api.request(
      "/api/admin/team/invitations",
      json({ email: "New.Person@Example.com", role: "communicator" }, sameOrigin(token)),
    );
    expect(res.status).toBe(201);
    await createDispatcher(deps).tick();
    const [mail] = await deps.db.select().from(capturedEmail).where(eq(capturedEmail.to, "new.person@example.com"));
    const link = mail?.text.match(/\/admin\/invite\/([^\s]+)/)?.[1];
    expect(link).toBeTruthy();
    const { acceptInvitation } = await import("../../src/services/team/invitations.ts");
    const accepted = await acceptInvitation(deps, {
      token: decodeURIComponent(link as string),
      name: "New Person",
      password: "newcomer passphrase",
    });
    expect(accepted.actor.role).toBe("communicator");
    await expect(
      acceptInvitation(deps, { token: decodeURIComponent(link as string), name: "Again", password: "newcomer passphrase" }),
    ).rejects.toMatchObject({ code: "gone" });
  });

  it("admins cannot promote to owner or touch owners; the last owner stays; disabling revokes sessions", async () => {
    const ownerToken = cookieOf(await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password })));
    const [owner] = await deps.db.select().from(teamMember).where(eq(teamMember.email, OWNER.email));
    const inv = await (
      await api.request("/api/admin/team/invitations", json({ email: "adm@example.com", role: "admin" }, sameOrigin(ownerToken)))
    ).json();
    expect(inv.role).toBe("admin");
    const { createSession } = await import("../../src/auth/sessions.ts");
    await deps.db
      .insert(teamMember)
      .values({ id: "adminperson1", email: "adm2@example.com", name: "Adm", role: "admin", createdAt: new Date(), updatedAt: new Date() });
    const adminSession = await createSession(deps.db, deps, "adminperson1");
    const asAdmin = sameOrigin(adminSession.token);
    const patch = (id: string, body: unknown, headers: Record<string, string>) =>
      api.request(`/api/admin/team/${id}`, { ...json(body, headers), method: "PATCH" });
    expect((await patch(owner?.id as string, { role: "viewer" }, asAdmin)).status).toBe(403);
    expect((await patch("adminperson1", { role: "owner" }, asAdmin)).status).toBe(403);
    expect((await patch(owner?.id as string, { role: "admin" }, sameOrigin(ownerToken))).status).toBe(409);
    expect((await patch(owner?.id as string, { disabled: true }, sameOrigin(ownerToken))).status).toBe(409);
    const demote = await patch("adminperson1", { role: "responder" }, sameOrigin(ownerToken));
    expect(demote.status).toBe(200);
    expect((await demote.json()).role).toBe("responder");
    expect((await patch("adminperson1", { disabled: true }, sameOrigin(ownerToken))).status).toBe(200);
    expect(await deps.db.select().from(session).where(eq(session.memberId, "adminperson1"))).toEqual([]);
    const roleEvents = await deps.db.select().from(auditEvent).where(eq(auditEvent.action, "team.role_changed"));
    expect(roleEvents.at(-1)).toMatchObject({ before: { role: "admin" }, after: { role: "responder" } });
  });

  it("bad input is a 400 naming the field and changes nothing", async () => {
    const token = cookieOf(await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password })));
    const before = (await deps.db.select().from(teamMember)).length;
    const res = await api.request("/api/admin/team/invitations", json({ email: "not-an-email", role: "emperor" }, sameOrigin(token)));
    expect(res.status).toBe(400);
    const paths = (await res.json()).error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["email", "role"]));
    expect((await deps.db.select().from(teamMember)).length).toBe(before);
  });
});

describe("audit API", () => {
  it("filters and pages newest first", async () => {
    const token = cookieOf(await api.request("/api/admin/session", json({ email: OWNER.email, password: OWNER.password })));
    const page = await (await api.request("/api/admin/audit?action=auth.login&limit=2", { headers: sameOrigin(token) })).json();
    expect(page.events).toHaveLength(2);
    expect(page.events.every((e: { action: string }) => e.action === "auth.login")).toBe(true);
    expect(page.events[0].id).toBeGreaterThan(page.events[1].id);
    const next = await (
      await api.request(`/api/admin/audit?action=auth.login&limit=2&before=${page.nextBefore}`, { headers: sameOrigin(token) })
    ).json();
    expect(next.events[0].id).toBeLessThan(page.events[1].id);
    expect((await api.request("/api/admin/audit?limit=9999", { headers: sameOrigin(token) })).status).toBe(400);
  });
});
