import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContentVersion } from "../../db/content-version.ts";
import { auditEvent, component, componentStatusChange } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createMember, createToken, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeAudience } from "../helpers/factories.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let admin: TestMember;
let viewer: TestMember;
let communicator: TestMember;

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  [admin, viewer, communicator] = await Promise.all([
    createMember(deps, "admin"),
    createMember(deps, "viewer"),
    createMember(deps, "communicator"),
  ]);
  await makeAudience(deps, "enterprise-acme");
});
afterAll(() => deps.testDb.destroy());

const call = (who: Record<string, string>, method: string, path: string, body?: unknown) =>
  api.request(`/api/admin${path}`, {
    method,
    headers: { ...who, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("components API .happy", () => {
  it("creates, reads, updates and deletes a component, with audit rows and status history", async () => {
    const group = await (await call(admin.cookieHeaders, "POST", "/component-groups", { name: "Core", visibility: "public" })).json();
    const before = await readContentVersion(deps.db);
    const res = await call(admin.cookieHeaders, "POST", "/components", {
      name: "API",
      description: "REST",
      groupId: group.id,
      position: 2,
      visibility: ["enterprise-acme"],
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-z]{12}$/),
      name: "API",
      groupId: group.id,
      position: 2,
      status: "operational",
      visibility: ["enterprise-acme"],
    });
    expect(await readContentVersion(deps.db)).toBeGreaterThan(before);

    const patched = await (
      await call(admin.cookieHeaders, "PATCH", `/components/${created.id}`, { status: "major_outage", visibility: "public" })
    ).json();
    expect(patched).toMatchObject({ status: "major_outage", visibility: "public" });
    const changes = await deps.db.select().from(componentStatusChange).where(eq(componentStatusChange.componentId, created.id));
    expect(changes.map((c) => [c.previousStatus, c.status])).toEqual([
      [null, "operational"],
      ["operational", "major_outage"],
    ]);

    const listed = await (await call(viewer.cookieHeaders, "GET", "/components")).json();
    expect(listed.components.map((c: { id: string }) => c.id)).toContain(created.id);
    expect((await call(viewer.cookieHeaders, "GET", `/components/${created.id}`)).status).toBe(200);

    expect((await call(admin.cookieHeaders, "DELETE", `/components/${created.id}`)).status).toBe(204);
    expect((await call(admin.cookieHeaders, "GET", `/components/${created.id}`)).status).toBe(404);
    const [row] = await deps.db.select().from(component).where(eq(component.id, created.id));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    const audits = await deps.db.select().from(auditEvent).where(eq(auditEvent.resourceId, created.id));
    expect(audits.map((a) => a.action)).toEqual(["component.create", "component.update", "component.delete"]);
  });

  it("defaults to internal visibility (the most restrictive)", async () => {
    const created = await (await call(admin.cookieHeaders, "POST", "/components", { name: "Hidden" })).json();
    expect(created.visibility).toBe("internal");
  });

  it("accepts a token with the write scope", async () => {
    const token = await createToken(deps, ["write"]);
    expect((await call(token.headers, "POST", "/components", { name: "From a token" })).status).toBe(201);
  });

  it("group CRUD; deleting a group keeps its components, ungrouped", async () => {
    const group = await (await call(admin.cookieHeaders, "POST", "/component-groups", { name: "Storage" })).json();
    const c = await (await call(admin.cookieHeaders, "POST", "/components", { name: "S3", groupId: group.id })).json();
    expect((await (await call(admin.cookieHeaders, "PATCH", `/component-groups/${group.id}`, { name: "Storage 2" })).json()).name).toBe(
      "Storage 2",
    );
    expect((await call(viewer.cookieHeaders, "GET", "/component-groups")).status).toBe(200);
    expect((await call(admin.cookieHeaders, "DELETE", `/component-groups/${group.id}`)).status).toBe(204);
    expect((await (await call(admin.cookieHeaders, "GET", `/components/${c.id}`)).json()).groupId).toBeNull();
  });
});

describe("components API .error", () => {
  it.each([
    ["missing name", {}, "name"],
    ["blank name", { name: "  " }, "name"],
    ["bad status", { name: "x", status: "on_fire" }, "status"],
    ["bad visibility", { name: "x", visibility: ["Not A Slug"] }, "visibility.0"],
    ["unknown field", { name: "x", colour: "red" }, "(root)"],
    ["negative position", { name: "x", position: -1 }, "position"],
  ])("%s → 400 naming %s, nothing written", async (_n, body, field) => {
    const count = (await deps.db.select().from(component)).length;
    const res = await call(admin.cookieHeaders, "POST", "/components", body);
    expect(res.status).toBe(400);
    const err = (await res.json()).error;
    expect(err.code).toBe("validation_failed");
    expect(err.details.map((d: { path: string }) => d.path)).toContain(field);
    expect((await deps.db.select().from(component)).length).toBe(count);
  });

  it("unknown group or audience → 400 naming the field, nothing written", async () => {
    const count = (await deps.db.select().from(component)).length;
    const a = await call(admin.cookieHeaders, "POST", "/components", { name: "x", groupId: "zzzzzzzzzzzz" });
    expect((await a.json()).error.details[0].path).toBe("groupId");
    const b = await call(admin.cookieHeaders, "POST", "/components", { name: "x", visibility: ["no-such-audience"] });
    expect((await b.json()).error.details[0].path).toBe("visibility.0");
    expect((await deps.db.select().from(component)).length).toBe(count);
  });

  it("a built-in audience inside a restricted list is refused, as for incidents, instead of widening it to everyone", async () => {
    const count = (await deps.db.select().from(component)).length;
    for (const [path, body] of [
      ["/components", { name: "Acme DB", visibility: ["enterprise-acme", "public"] }],
      ["/component-groups", { name: "Acme", visibility: ["enterprise-acme", "public"] }],
    ] as const) {
      const res = await call(admin.cookieHeaders, "POST", path, body);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.details[0].path).toBe("visibility.1");
    }
    expect((await deps.db.select().from(component)).length).toBe(count);
  });

  it("an empty PATCH is refused; unknown ids are 404", async () => {
    const c = await (await call(admin.cookieHeaders, "POST", "/components", { name: "Y" })).json();
    expect((await call(admin.cookieHeaders, "PATCH", `/components/${c.id}`, {})).status).toBe(400);
    expect((await call(admin.cookieHeaders, "PATCH", "/components/zzzzzzzzzzzz", { name: "z" })).status).toBe(404);
    expect((await call(admin.cookieHeaders, "DELETE", "/components/not-an-id")).status).toBe(400);
  });
});

describe("components API .security", () => {
  it("anonymous → 401; viewer and communicator may read but not write", async () => {
    expect((await call({}, "GET", "/components")).status).toBe(401);
    expect((await call(viewer.cookieHeaders, "POST", "/components", { name: "x" })).status).toBe(403);
    expect((await call(communicator.cookieHeaders, "POST", "/component-groups", { name: "x" })).status).toBe(403);
    const readOnly = await createToken(deps, ["read"]);
    expect((await call(readOnly.headers, "POST", "/components", { name: "x" })).status).toBe(403);
    expect((await call(readOnly.headers, "GET", "/components")).status).toBe(200);
  });
});
