import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../../src/api/app.ts";
import { createIntakeApi } from "../../src/api/intake/index.ts";
import { createWebhooksApp } from "../../src/api/webhooks/index.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

let deps: TestDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.testDb.destroy());

const apps = () =>
  [
    ["admin", createApi(deps), "/api/admin/nowhere", 404],
    ["intake", createIntakeApi(deps), "/api/intake/nowhere", 401],
    ["webhooks", createWebhooksApp(deps), "/api/webhooks/nowhere", 404],
  ] as const;

describe("the admin, intake and webhook apps share one prologue", () => {
  it("each answers in the envelope with the server's request id, never cached", async () => {
    for (const [name, app, path, status] of apps()) {
      const res = await app.request(path, { method: "POST" }, { requestId: `req-${name}` });
      expect(res.status, name).toBe(status);
      expect(res.headers.get("cache-control"), name).toBe("no-store");
      expect(((await res.json()) as { error: { requestId: string } }).error.requestId, name).toBe(`req-${name}`);
    }
  });

  it("each bounds its body before reading it", async () => {
    const big = "x".repeat(6 * 1024 * 1024);
    for (const [name, app, path] of apps()) {
      const res = await app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: big });
      expect(res.status, name).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code, name).toBe("payload_too_large");
    }
  });
});
