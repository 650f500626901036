import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { makeIncident } from "../helpers/factories-page.ts";
import { fetchFresh, type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("the built server on an empty database", () => {
  it("answers /healthz quickly after a cold start", async () => {
    expect(server.readyInMs).toBeLessThan(5000);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("is ready: database reachable and migrations current", async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: true,
      checks: { database: { ok: true, journalMode: "wal" }, migrations: { ok: true, pending: [] } },
    });
  });

  it("serves / with security headers and a request id", async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("object-src 'none'");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("renders / on its render thread: after a write the previous copy at once, then the new one", async () => {
    expect((await fetchFresh(server.url)).status).toBe(200);
    const { deps, handle } = await createDeps(loadEnv({ DATABASE_URL: `file:${server.dbFile}`, LOG_LEVEL: "silent" }));
    try {
      await makeIncident(deps, { title: "Thread-rendered outage" });
    } finally {
      handle.close();
    }
    await new Promise((r) => setTimeout(r, 1200)); // the server reads the content version once a second
    const stale = await fetch(server.url);
    expect(stale.headers.get("x-cache")).toBe("STALE");
    expect(await stale.text()).not.toContain("Thread-rendered outage");
    expect(await (await fetchFresh(server.url)).text()).toContain("Thread-rendered outage");
    expect(server.logs.join("")).not.toContain("render thread");
  });

  it("renders a friendly 404 page", async () => {
    const res = await fetch(`${server.url}/no/such/page`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Page not found");
  });

  it("serves static files", async () => {
    const res = await fetch(`${server.url}/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("answers malformed API requests with the envelope, never 500", async () => {
    const cases: [string, RequestInit][] = [
      ["/api/admin/nothing", {}],
      ["/api/admin/nothing", { method: "POST", body: "{oops", headers: { "content-type": "application/json" } }],
      ["/api/admin/nothing", { method: "POST", body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } }],
      ["/api/admin/nothing", { method: "POST", body: "x".repeat(2 * 1024 * 1024), headers: { "content-type": "application/json" } }],
      ["/api/admin/%E0%A4%A", {}],
    ];
    for (const [path, init] of cases) {
      const res = await fetch(`${server.url}${path}`, init);
      expect(res.status, `${init.method ?? "GET"} ${path}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const body = await res.json();
      expect(body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
    }
  });

  it("bounds every body as it streams: a chunked form past 64 KiB is 413; a body-less DELETE is not 415", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1024 * 1024) return controller.close();
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
      },
    });
    const init = { method: "POST", body, duplex: "half", headers: { "content-type": "application/x-www-form-urlencoded" } };
    const chunked = await fetch(`${server.url}/subscribe`, init as RequestInit);
    expect(chunked.status).toBe(413);
    const signOut = await fetch(`${server.url}/api/admin/session`, { method: "DELETE" });
    expect(signOut.status).not.toBe(415);
    expect(signOut.status).toBeLessThan(500);
  });

  it("logs one structured line per request", async () => {
    const logged = await startServer({ LOG_LEVEL: "info" });
    await fetch(`${logged.url}/healthz?probe=1`);
    await new Promise((r) => setTimeout(r, 50));
    const line = logged.logs
      .join("")
      .split("\n")
      .find((l) => l.includes('"path":"/healthz"') && l.includes('"msg":"request"'));
    expect(line).toBeTruthy();
    expect(JSON.parse(line as string)).toMatchObject({ method: "GET", status: 200, id: expect.any(String), ms: expect.any(Number) });
    await logged.stop();
  });

  it("refuses a bad environment with a message naming the variable", async () => {
    await expect(startServer({ PORT: "not-a-port" })).rejects.toThrow(/PORT/);
  });

  it("shuts down gracefully on SIGTERM", async () => {
    const other = await startServer();
    const code = await other.stop("SIGTERM");
    expect(code).toBe(0);
  });
});
