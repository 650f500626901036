import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../../src/api/app.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let doc: { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; "x-clarion-actions": string[] }>> };
let owner: Record<string, string>;

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  owner = (await createMember(deps, "owner")).cookieHeaders;
  doc = await (await api.request("/api/admin/openapi.json")).json();
});
afterAll(() => deps.testDb.destroy());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path, op: ops[m] })));

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 and public", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(operations().length).toBeGreaterThan(20);
  });

  it("lists every route the API answers", () => {
    const documented = new Set(operations().map((o) => `${o.method} ${o.path}`));
    const missing = api.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`)
      .filter((id) => !documented.has(id));
    expect([...new Set(missing)]).toEqual([]);
  });

  it("promises no route that does not answer", async () => {
    const silent: string[] = [];
    for (const { method, path } of operations()) {
      const concrete = path.replace(/\{(\w+)\}/g, "aaaaaaaaaaaa");
      const res = await api.request(concrete, {
        method,
        headers: { ...owner, "content-type": "application/json" },
        body: ["POST", "PUT", "PATCH"].includes(method) ? "{}" : undefined,
      });
      const text = await res.text();
      if (res.status === 404 && text.includes("No route for")) silent.push(`${method} ${path}`);
    }
    expect(silent).toEqual([]);
  });

  it("describes request bodies from the routes' own zod schemas", () => {
    const invite = doc.paths["/api/admin/team/invitations"]?.post as {
      requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown>; required: string[] } } } };
    };
    const schema = invite.requestBody.content["application/json"].schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["email", "role"]));
    expect(schema.required).toEqual(expect.arrayContaining(["email", "role"]));
    expect(doc.paths["/api/admin/tokens"]?.get?.["x-clarion-actions"]).toEqual(["token.manage"]);
  });

  it("gives every JSON body an example that its own schema accepts", async () => {
    const bodies = operations().filter((o) => o.op.requestBody);
    expect(bodies.length).toBeGreaterThan(10);
    const post = doc.paths["/api/admin/team/invitations"]?.post as unknown as {
      requestBody: { content: { "application/json": { example: Record<string, unknown> } } };
    };
    const invite = post.requestBody;
    const example = invite.content["application/json"].example;
    expect(example).toMatchObject({ email: "ana@example.com", role: "owner" });
    // A fresh owner: the test above called DELETE /api/admin/session, which signed the first one out.
    const fresh = (await createMember(deps, "owner")).cookieHeaders;
    const res = await api.request("/api/admin/team/invitations", {
      method: "POST",
      headers: { ...fresh, "content-type": "application/json" },
      body: JSON.stringify(example),
    });
    expect(res.status).toBe(201);
  });
});
