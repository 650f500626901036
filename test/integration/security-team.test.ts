import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedEmail, teamMember } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { hashPassword } from "../../src/auth/passwords.ts";
import { isAppError } from "../../src/lib/errors.ts";
import { newId } from "../../src/lib/ids.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { login } from "../../src/services/auth/login.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let owner: TestMember;
let admin: TestMember;

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  api.request(`/api/admin${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  owner = await createMember(deps, "owner");
  admin = await createMember(deps, "admin");
});
afterAll(() => deps.testDb.destroy());

describe("disabling a member", () => {
  it("revokes the API tokens they made, and the tokens those tokens made", async () => {
    const leaver = await createMember(deps, "admin");
    const made = await (await send("POST", "/tokens", leaver.cookieHeaders, { name: "mine", scopes: ["read", "admin"] })).json();
    const bearer = { authorization: `Bearer ${made.token}` };
    const minted = await (await send("POST", "/tokens", bearer, { name: "spawned", scopes: ["read"] })).json();
    const spawned = { authorization: `Bearer ${minted.token}` };
    expect((await send("GET", "/me", bearer)).status).toBe(200);
    expect((await send("GET", "/me", spawned)).status).toBe(200);

    expect((await send("PATCH", `/team/${leaver.actor.id}`, owner.cookieHeaders, { disabled: true })).status).toBe(200);
    expect((await send("GET", "/me", bearer)).status).toBe(401);
    expect((await send("GET", "/me", spawned)).status).toBe(401);
    expect((await send("POST", "/tokens", bearer, { name: "again", scopes: ["read"] })).status).toBe(401);
    expect((await send("GET", "/me", leaver.cookieHeaders)).status).toBe(401);
  });
});

describe("owner invitations in the Mailbox", () => {
  it("an admin reads the email with the link hidden; an owner reads the link", async () => {
    expect((await send("POST", "/team/invitations", owner.cookieHeaders, { email: "boss@example.com", role: "owner" })).status).toBe(201);
    await createDispatcher(deps).tick();
    const [mail] = await deps.db.select().from(capturedEmail).where(eq(capturedEmail.to, "boss@example.com"));
    expect(mail?.text).toMatch(/\/admin\/invite\//);

    const asAdmin = await (await send("GET", `/mailbox/${mail?.id}`, admin.cookieHeaders)).json();
    expect(asAdmin.text).not.toMatch(/\/admin\/invite\//);
    expect(asAdmin.html).not.toMatch(/\/admin\/invite\//);
    expect(asAdmin.text).toMatch(/only an owner/);
    const listed = (await (await send("GET", "/mailbox", admin.cookieHeaders)).json()).messages;
    expect(JSON.stringify(listed)).not.toMatch(/\/admin\/invite\//);

    const asOwner = await (await send("GET", `/mailbox/${mail?.id}`, owner.cookieHeaders)).json();
    expect(asOwner.text).toMatch(/\/admin\/invite\//);
  });

  it("an admin still reads the links of invitations an admin may send", async () => {
    await send("POST", "/team/invitations", admin.cookieHeaders, { email: "helper@example.com", role: "communicator" });
    await createDispatcher(deps).tick();
    const [mail] = await deps.db.select().from(capturedEmail).where(eq(capturedEmail.to, "helper@example.com"));
    const asAdmin = await (await send("GET", `/mailbox/${mail?.id}`, admin.cookieHeaders)).json();
    expect(asAdmin.text).toMatch(/\/admin\/invite\//);
  });
});

describe("login throttle", () => {
  const BOSS = { email: "the.boss@example.com", password: "the right passphrase" };
  const attempt = (password: string, ip: string, email = BOSS.email) =>
    login(deps, { email, password }, { ip }).then(
      () => "ok",
      (err: unknown) => (isAppError(err) ? err.code : "crash"),
    );

  beforeAll(async () => {
    const now = deps.clock.now();
    const passwordHash = await hashPassword(BOSS.password);
    await deps.db
      .insert(teamMember)
      .values({ id: newId(), email: BOSS.email, name: "Boss", role: "owner", passwordHash, createdAt: now, updatedAt: now });
  });

  it("parallel guesses cannot race past it: only the free tries reach the password check", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(`guess number ${i}`, "198.51.100.7")));
    expect(results.filter((r) => r === "unauthorized").length).toBeLessThanOrEqual(4);
    expect(results.filter((r) => r === "rate_limited").length).toBeGreaterThanOrEqual(36);
  });

  it("a stranger hammering the owner's account elsewhere does not lock the owner out", async () => {
    for (let i = 0; i < 12; i++) await attempt(`wrong ${i}`, "203.0.113.66");
    expect(await attempt("wrong again", "203.0.113.66")).toBe("rate_limited");
    expect(await attempt(BOSS.password, "192.0.2.10")).toBe("ok");
  });

  it("one address guessing many accounts meets the looser per-IP limit", async () => {
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await attempt("whatever passphrase", "198.51.100.99", `person${i}@example.com`));
    expect(results.slice(0, 10).every((r) => r === "unauthorized")).toBe(true);
    expect(results.at(-1)).toBe("rate_limited");
  });
});
