import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { API_BODY_LIMIT, createApi } from "../../src/api/app.ts";
import { valid } from "../../src/api/validate.ts";
import { ConflictError } from "../../src/lib/errors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;

const Probe = z.object({ title: z.string().min(1), count: z.number().int().optional() });

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  // A probe route that exercises validation and typed and untyped errors.
  api.post("/probe", valid("json", Probe), (c) => c.json({ ok: true, got: c.req.valid("json") }, 201));
  api.post("/conflict", () => {
    throw new ConflictError("already_subscribed");
  });
  api.get("/boom", () => {
    throw new Error("secret internal detail");
  });
});
afterAll(() => deps.testDb.destroy());

const post = (path: string, body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  api.request(`/api/admin${path}`, { method: "POST", body, headers });

async function envelope(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string; details?: unknown[] } };
  expect(typeof body.error.requestId).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

describe("error envelope", () => {
  it("happy path passes through", async () => {
    const res = await post("/probe", JSON.stringify({ title: "x" }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true, got: { title: "x" } });
  });

  it.each([
    ["malformed JSON", "{bad", undefined, 400, "malformed_json"],
    ["truncated JSON", '{"title": "x"', undefined, 400, "malformed_json"],
    ["wrong content type", "title=x", { "content-type": "application/x-www-form-urlencoded" }, 415, "unsupported_media_type"],
    ["no content type", '{"title":"x"}', {}, 415, "unsupported_media_type"],
    ["JSON that is not an object", "[1,2]", undefined, 400, "validation_failed"],
    ["JSON null", "null", undefined, 400, "validation_failed"],
    ["missing field", "{}", undefined, 400, "validation_failed"],
    ["wrong type", '{"title": 5}', undefined, 400, "validation_failed"],
    ["deeply nested", `${"[".repeat(50)}${"]".repeat(50)}`, undefined, 400, "validation_failed"],
  ])("%s → %i %s", async (_name, body, headers, status, code) => {
    const res = await post("/probe", body as string, headers as Record<string, string> | undefined);
    expect(res.status).toBe(status);
    expect((await envelope(res)).code).toBe(code);
  });

  it("names the invalid field", async () => {
    const err = await envelope(await post("/probe", JSON.stringify({ title: "", count: 1.5 })));
    expect(err.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "title" }), expect.objectContaining({ path: "count" })]),
    );
  });

  it("oversized body → 413", async () => {
    const big = JSON.stringify({ title: "x".repeat(API_BODY_LIMIT + 10) });
    const res = await post("/probe", big, { "content-type": "application/json", "content-length": String(big.length) });
    expect(res.status).toBe(413);
    expect((await envelope(res)).code).toBe("payload_too_large");
  });

  it("unknown route → 404 envelope", async () => {
    const res = await api.request("/api/admin/does-not-exist");
    expect(res.status).toBe(404);
    expect((await envelope(res)).code).toBe("not_found");
  });

  it("typed errors keep their code", async () => {
    const res = await post("/conflict", null, {});
    expect(res.status).toBe(409);
    expect(await envelope(res)).toMatchObject({ code: "conflict", message: "already_subscribed" });
  });

  it("unknown errors answer 500 without echoing the exception", async () => {
    const res = await api.request("/api/admin/boom");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret internal detail");
    expect(JSON.parse(text).error.code).toBe("internal_error");
  });

  it("echoes a caller's request id", async () => {
    const res = await api.request("/api/admin/does-not-exist", { headers: { "x-request-id": "abc-123" } });
    expect((await envelope(res)).requestId).toBe("abc-123");
  });

  it("every API response is no-store", async () => {
    const res = await post("/probe", JSON.stringify({ title: "x" }));
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});
