import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { createToken } from "../helpers/actors.ts";
import { LibsqlServer } from "../helpers/libsql-server.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

/**
 * A server restarted while its libSQL server is away: it starts anyway, serves the last known good
 * public pages from disk (saved by the run before), answers writes with a 503 that says what is
 * wrong, and recovers by itself when the database is back — no second restart.
 */
const dir = mkdtempSync(path.join(tmpdir(), "clarion-outage-"));
const cacheDir = path.join(dir, "public-cache");
let libsql: LibsqlServer;
let port = 0;
let server: RunningServer | undefined;
let env: Record<string, string>;
let auth: Record<string, string>;

beforeAll(async () => {
  libsql = new LibsqlServer({ dir: path.join(dir, "libsql") });
  await libsql.start();
  port = Number(new URL(libsql.url).port);
  env = { DATABASE_URL: libsql.databaseUrl("outage"), PUBLIC_CACHE_DIR: cacheDir, JOB_INTERVAL_SECONDS: "1" };
  server = await startServer(env);
  const handle = await createDb(env.DATABASE_URL as string);
  const token = await createToken({ db: handle.db, clock: systemClock } as never, ["read", "write", "admin"]);
  handle.close();
  auth = { ...token.headers, "content-type": "application/json" };
});
afterAll(async () => {
  await server?.stop();
  await libsql?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const addComponent = (name: string) =>
  fetch(`${server?.url}/api/admin/components`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ name, visibility: "public", status: "major_outage" }),
  });

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const got = await probe().catch(() => undefined);
    if (got !== undefined) return got;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("a restart while the libSQL server is away", () => {
  it("saves the public pages it served, next to the process", async () => {
    expect((await addComponent("Checkout API")).status).toBe(201);
    for (const p of ["/", "/api/v2/summary.json"])
      await until(`${p} with the component`, async () => {
        const text = await (await fetch(`${server?.url}${p}`)).text();
        return text.includes("Checkout API") ? text : undefined;
      });
    // Written a second after the render, in one go.
    await until("saved pages", async () => {
      const files = readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith(".page"));
      return files.length >= 2 ? files : undefined;
    });
  });

  it("starts anyway and serves the last truth with stale-if-error", async () => {
    await libsql.stop();
    await server?.stop();
    server = await startServer(env);
    for (const p of ["/", "/api/v2/summary.json"]) {
      const res = await fetch(`${server.url}${p}`);
      expect(res.status, p).toBe(200);
      expect(res.headers.get("x-cache"), p).toBe("STALE");
      expect(res.headers.get("cache-control"), p).toMatch(/stale-if-error=\d+/);
      expect(await res.text(), p).toContain("Checkout API");
    }
    // A page never saved has nothing to fall back to: an honest 503, not an empty 200.
    const never = await fetch(`${server.url}/history`);
    expect(never.status).toBe(503);
    expect(await never.text()).toContain("database server cannot be reached");
  });

  it("answers writes and the console with a 503 that says the database is unreachable", async () => {
    const res = await addComponent("Written during the outage");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("database_unavailable");
    expect(body.error.message).toContain("database server cannot be reached");
    const consolePage = await fetch(`${server?.url}/admin`, { redirect: "manual" });
    expect(consolePage.status).toBe(503);
    expect((await fetch(`${server?.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${server?.url}/healthz`)).status).toBe(200);
  });

  it("recovers without a restart once the database is back", async () => {
    libsql = new LibsqlServer({ dir: path.join(dir, "libsql") });
    await libsql.start(port);
    await until("/readyz 200", async () => ((await fetch(`${server?.url}/readyz`)).status === 200 ? true : undefined));
    expect((await addComponent("Written after recovery")).status).toBe(201);
    const page = await until("a fresh page", async () => {
      const text = await (await fetch(`${server?.url}/`)).text();
      return text.includes("Written after recovery") ? text : undefined;
    });
    expect(page).toContain("Checkout API");
    expect(server?.logs.join("")).toContain("database reachable again");
  });
});
