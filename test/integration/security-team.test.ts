import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedEmail } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
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
