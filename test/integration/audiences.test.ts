import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audience, auditEvent } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { audiencesForEmail } from "../../src/projection/index.ts";
import { ensureBuiltinAudiences } from "../../src/services/audiences/builtin.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, counts, seedSubscriber } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let admin: TestMember;
let responder: TestMember;
const call = (method: string, path: string, body?: unknown, who?: TestMember) => callApi(api, who ?? admin, method, path, body);

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  await ensureBuiltinAudiences(deps.db, deps.clock);
  await ensureBuiltinAudiences(deps.db, deps.clock);
  admin = await createMember(deps, "admin");
  responder = await createMember(deps, "responder");
});
afterAll(() => deps.testDb.destroy());

describe("audiences", () => {
  it("built-ins exist once, cannot be deleted", async () => {
    const list = (await (await call("GET", "/audiences")).json()).audiences;
    expect(
      list
        .filter((a: { kind: string }) => a.kind === "builtin")
        .map((a: { slug: string }) => a.slug)
        .sort(),
    ).toEqual(["internal", "public"]);
    expect((await call("DELETE", "/audiences/public")).status).toBe(409);
    expect((await call("DELETE", "/audiences/internal")).status).toBe(409);
  });

  it("create with domain rules, explicit members, precedence; membership resolves", async () => {
    const res = await call("POST", "/audiences", { name: "Acme", slug: "acme", domains: ["@Acme.com"], precedence: 5 });
    expect(res.status).toBe(201);
    expect((await res.json()).domains).toEqual(["acme.com"]);
    await call("POST", "/audiences", { name: "Partners", slug: "partners", precedence: 50 });
    await seedSubscriber(deps, "bob@partner.io");
    expect((await call("POST", "/audiences/partners/members", { email: "bob@partner.io" })).status).toBe(201);
    expect(await audiencesForEmail(deps.db, "bob@partner.io")).toEqual(["partners"]);
    expect(await audiencesForEmail(deps.db, "CEO@acme.com")).toEqual(["acme"]);
    await seedSubscriber(deps, "cto@acme.com");
    await call("POST", "/audiences/partners/members", { email: "cto@acme.com" });
    expect(await audiencesForEmail(deps.db, "cto@acme.com")).toEqual(["acme", "partners"]);
    expect((await call("PATCH", "/audiences/partners", { precedence: 1 })).status).toBe(200);
    expect(await audiencesForEmail(deps.db, "cto@acme.com")).toEqual(["partners", "acme"]);
    expect((await call("DELETE", "/audiences/partners/members", { email: "cto@acme.com" })).status).toBe(204);
    expect(await audiencesForEmail(deps.db, "cto@acme.com")).toEqual(["acme"]);
  });

  it.each([
    ["bad slug", { name: "x", slug: "Not A Slug" }, 400, "slug"],
    ["bad domain", { name: "x", slug: "x1", domains: ["not a domain"] }, 400, "domains.0"],
    ["duplicate slug", { name: "x", slug: "public" }, 409, null],
  ])("%s → %i, nothing written", async (_n, body, status, path) => {
    const before = await counts(deps, { audience, auditEvent });
    const res = await call("POST", "/audiences", body);
    expect(res.status).toBe(status);
    const err = (await res.json()).error;
    if (path) expect(err.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await counts(deps, { audience, auditEvent })).toEqual(before);
  });

  it("unknown subscriber for membership → 400 naming email; responders cannot manage", async () => {
    const res = await call("POST", "/audiences/acme/members", { email: "nobody@x.io" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe("email");
    expect((await call("POST", "/audiences", { name: "y", slug: "y" }, responder)).status).toBe(403);
  });

  it("an audience in use cannot be deleted; an unused one can", async () => {
    await call("POST", "/incidents", { title: "x", body: "x", visibility: ["acme"] });
    expect((await call("DELETE", "/audiences/acme")).status).toBe(409);
    await call("POST", "/audiences", { name: "Temp", slug: "temp" });
    expect((await call("DELETE", "/audiences/temp")).status).toBe(204);
  });

  it("PATCH with only a name keeps the domain rule and precedence", async () => {
    await call("POST", "/audiences", { name: "Globex", slug: "globex", domains: ["globex.com"], precedence: 7 });
    const res = await call("PATCH", "/audiences/globex", { name: "Globex Corp" });
    expect(res.status).toBe(200);
    const after = await res.json();
    expect(after).toMatchObject({ name: "Globex Corp", domains: ["globex.com"], precedence: 7 });
  });

  it("an audience named only by an apology variant cannot be deleted", async () => {
    await call("POST", "/audiences", { name: "Olds", slug: "olds" });
    const inc = await (await call("POST", "/incidents", { title: "x", body: "x", visibility: "public" })).json();
    const closed = await call("POST", `/incidents/${inc.id}/closure`, {
      summary: "fixed",
      apologyVariants: [{ audience: "olds", body: "APOLOGY-CANARY for olds only" }],
    });
    expect(closed.status, await closed.clone().text()).toBe(201);
    expect((await call("DELETE", "/audiences/olds")).status).toBe(409);
  });

  it("a deleted audience's slug is never given to a new audience", async () => {
    await call("POST", "/audiences", { name: "Gone", slug: "gone" });
    expect((await call("DELETE", "/audiences/gone")).status).toBe(204);
    const before = await counts(deps, { audience, auditEvent });
    const res = await call("POST", "/audiences", { name: "Newcomer", slug: "gone" });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/deleted audience/);
    expect(await counts(deps, { audience, auditEvent })).toEqual(before);
  });
});
