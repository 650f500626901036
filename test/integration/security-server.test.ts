import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../src/deps.ts";
import { createServerApp } from "../../src/server/app.ts";
import { setupOwner } from "../../src/services/auth/setup-owner.ts";
import { createMember } from "../helpers/actors.ts";
import { diskMigrations } from "../helpers/db.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

const OWNER = { email: "owner@example.com", name: "Owner", password: "long enough passphrase" };
let plain: TestDeps;
let tls: TestDeps;
let proxied: TestDeps;

/** The real server app; the Astro stand-in echoes the client address and the form it read. */
function serverFor(deps: TestDeps) {
  let renders = 0;
  const app = createServerApp({
    deps: deps as Deps,
    client: deps.testDb.client,
    migrations: diskMigrations(),
    render: async (request, locals) => {
      renders++;
      const form = request.method === "POST" ? Object.fromEntries(await request.formData()) : {};
      return Response.json({ ip: locals.ip ?? null, url: request.url, form });
    },
  });
  const socket = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
  return { app, socket, renders: () => renders };
}

/** A body sent in chunks with no Content-Length, as `Transfer-Encoding: chunked` arrives. */
function chunked(totalBytes: number, chunk = 16 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const n = Math.min(chunk, totalBytes - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
}
const streamed = (method: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  ({ method, body, headers, duplex: "half" }) as RequestInit;

beforeAll(async () => {
  plain = await createTestDeps();
  tls = await createTestDeps({ env: { PUBLIC_URL: "https://status.example.com" } });
  proxied = await createTestDeps({ env: { TRUST_PROXY: "1" } });
  await setupOwner(tls, OWNER);
});
afterAll(() => {
  for (const d of [plain, tls, proxied]) d.testDb.destroy();
});

describe("trusted proxies", () => {
  it("takes the right-most X-Forwarded-For hop, not the client-written left-most", async () => {
    const { app, socket } = serverFor(proxied);
    const res = await app.request("/", { headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.9" } }, socket("10.0.0.2"));
    expect((await res.json()).ip).toBe("203.0.113.9");
  });

  it("with two proxies takes the second hop from the right", async () => {
    const twoHops = { ...proxied, env: { ...proxied.env, TRUST_PROXY: 2 } } as TestDeps;
    const { app, socket } = serverFor(twoHops);
    const res = await app.request("/", { headers: { "x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.0.0.9" } }, socket("10.0.0.2"));
    expect((await res.json()).ip).toBe("198.51.100.4");
  });

  it("without TRUST_PROXY ignores the header", async () => {
    const { app, socket } = serverFor(plain);
    const res = await app.request("/", { headers: { "x-forwarded-for": "6.6.6.6" } }, socket("10.0.0.2"));
    expect((await res.json()).ip).toBe("10.0.0.2");
  });
});

describe("body limits, counted as the body streams", () => {
  it.each([
    ["a public form", "/subscribe", 70 * 1024],
    ["the report form", "/report", 17 * 1024],
    ["the provider webhook", "/api/webhooks/resend", 300 * 1024],
    ["the admin API", "/api/admin/incidents", 1024 * 1024 + 1],
  ])("%s past its limit answers 413 even when chunked", async (_name, path, bytes) => {
    const { app, renders } = serverFor(plain);
    const res = await app.request(path, streamed("POST", chunked(bytes), { "content-type": "application/x-www-form-urlencoded" }));
    expect(res.status).toBe(413);
    expect(renders()).toBe(0);
    if (path.startsWith("/api/")) expect((await res.json()).error.code).toBe("payload_too_large");
  });

  it("refuses a declared Content-Length past the limit before reading", async () => {
    const { app } = serverFor(plain);
    const res = await app.request("/subscribe", {
      method: "POST",
      headers: { "content-length": String(10 * 1024 * 1024), "content-type": "application/x-www-form-urlencoded" },
      body: "a=1",
    });
    expect(res.status).toBe(413);
  });

  it("a form within the limit still reaches the page", async () => {
    const { app } = serverFor(plain);
    const body = new TextEncoder().encode("email=a%40example.com");
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(body);
        controller.close();
      },
    });
    const res = await app.request("/subscribe", streamed("POST", stream, { "content-type": "application/x-www-form-urlencoded" }));
    expect((await res.json()).form).toEqual({ email: "a@example.com" });
  });

  it("a DELETE with an empty streamed body is not refused as the wrong media type", async () => {
    const { app } = serverFor(plain);
    const member = await createMember(plain, "viewer");
    const empty = new ReadableStream({ start: (c) => c.close() });
    const res = await app.request("/api/admin/session", streamed("DELETE", empty, member.cookieHeaders));
    expect(res.status).toBe(204);
  });
});

describe("behind a TLS proxy (PUBLIC_URL is https, the hop is http)", () => {
  it("the session cookie is __Host- and Secure", async () => {
    const { app } = serverFor(tls);
    const res = await app.request("http://status.example.com/api/admin/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: OWNER.email, password: OWNER.password }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-clarion_session=.*; Secure/);
  });

  it("every response carries HSTS", async () => {
    const { app } = serverFor(tls);
    const res = await app.request("http://status.example.com/healthz");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("a plain-http PUBLIC_URL keeps plain cookies and no HSTS", async () => {
    const { app } = serverFor(plain);
    const res = await app.request("http://status.test/healthz");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("malformed input from the client", () => {
  it("a malformed %-escape in a cookie is treated as no cookie, not a 500", async () => {
    const { app } = serverFor(plain);
    const res = await app.request("/api/admin/me", { headers: { cookie: "clarion_session=%E0%A4%A; clarion_viewer=%" } });
    expect(res.status).toBe(401);
    const page = await app.request("/", { headers: { cookie: "clarion_viewer=%zz" } });
    expect(page.status).toBe(200);
  });
});

describe("/metrics without METRICS_TOKEN", () => {
  it("answers a loopback client, but not an outside request a local proxy forwarded", async () => {
    const { app, socket } = serverFor(plain);
    expect((await app.request("/metrics", {}, socket("127.0.0.1"))).status).toBe(200);
    const forwarded = await app.request("/metrics", { headers: { "x-forwarded-for": "203.0.113.50" } }, socket("127.0.0.1"));
    expect(forwarded.status).toBe(401);
    expect((await app.request("/metrics", {}, socket("10.0.0.2"))).status).toBe(401);
  });
});
