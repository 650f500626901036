import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, SCOPES } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { operationsOf, PUBLIC_OPERATIONS } from "../../src/api/introspect.ts";
import { type Action, can } from "../../src/auth/permissions.ts";
import { createMember, createToken } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

const concrete = (path: string) => path.replace(/:slug\b/g, "no-such-audience").replace(/:[A-Za-z]+/g, "aaaaaaaaaaaa");

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
const callers: { name: string; headers: Record<string, string>; allowed: (a: Action) => boolean }[] = [];

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  for (const role of ROLES) {
    const m = await createMember(deps, role);
    callers.push({ name: `role ${role}`, headers: m.cookieHeaders, allowed: (a) => can(m.actor, a) });
  }
  for (const scope of SCOPES) {
    const t = await createToken(deps, [scope]);
    callers.push({
      name: `token ${scope}`,
      headers: t.headers,
      allowed: (a) => can({ type: "token", id: t.id, name: "t", scopes: [scope] }, a),
    });
  }
});
afterAll(() => deps.testDb.destroy());

describe("route × role authorization matrix", () => {
  it("every admin route except sign-in is guarded by authorize()", () => {
    const unguarded = operationsOf(api)
      .filter((r) => !PUBLIC_OPERATIONS.has(`${r.method} ${r.path}`) && r.actions.length === 0)
      .map((r) => `${r.method} ${r.path}`);
    expect(unguarded).toEqual([]);
  });

  it("anonymous → 401, denied → 403, allowed → passes authorization (2xx for plain GETs)", async () => {
    const rules = operationsOf(api).filter((r) => !PUBLIC_OPERATIONS.has(`${r.method} ${r.path}`));
    const failures: string[] = [];
    let cells = 0;
    for (const rule of rules) {
      const path = concrete(rule.path);
      const init = (headers: Record<string, string>): RequestInit =>
        ["POST", "PUT", "PATCH"].includes(rule.method)
          ? { method: rule.method, body: "{}", headers: { ...headers, "content-type": "application/json" } }
          : { method: rule.method, headers };
      const anon = await api.request(path, init({}));
      cells++;
      if (anon.status !== 401) failures.push(`${rule.method} ${rule.path} anonymous → ${anon.status}`);
      for (const caller of callers) {
        cells++;
        const allowed = rule.actions.every(caller.allowed);
        const res = await api.request(path, init(caller.headers));
        const plainGet = rule.method === "GET" && !rule.path.includes(":");
        if (!allowed && res.status !== 403) failures.push(`${rule.method} ${rule.path} ${caller.name} → ${res.status}, expected 403`);
        if (allowed && (res.status === 401 || res.status === 403))
          failures.push(`${rule.method} ${rule.path} ${caller.name} → ${res.status}, expected allowed`);
        if (allowed && plainGet && (res.status < 200 || res.status > 299))
          failures.push(`${rule.method} ${rule.path} ${caller.name} → ${res.status}, expected 2xx`);
        if (res.status >= 500) failures.push(`${rule.method} ${rule.path} ${caller.name} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBeGreaterThan(100);
    console.log(`authorization matrix: ${rules.length} routes × ${callers.length + 1} callers = ${cells} cells`);
  });
});
