import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { capturedEmail, jobLease } from "../../db/schema/index.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { createToken } from "../helpers/actors.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

/** Two real server processes on one database file stand in for several instances on a libSQL server. */
let a: RunningServer;
let b: RunningServer;
let handle: DbHandle;
let auth: Record<string, string>;
const backups = mkdtempSync(path.join(tmpdir(), "clarion-two-backups-"));
const env = { JOB_INTERVAL_SECONDS: "0.5", BACKUP_INTERVAL_MINUTES: "60", BACKUP_DIR: backups, LOG_LEVEL: "warn" };

beforeAll(async () => {
  a = await startServer(env);
  b = await startServer(env, { dbFile: a.dbFile });
  handle = await createDb(`file:${a.dbFile}`);
  const token = await createToken({ db: handle.db, clock: systemClock } as never, ["read", "write", "publish", "admin"]);
  auth = { ...token.headers, "content-type": "application/json" };
});
afterAll(async () => {
  handle?.close();
  await b?.stop();
  await a?.stop();
});

const post = (server: RunningServer, pathname: string, body: unknown) =>
  fetch(`${server.url}${pathname}`, { method: "POST", headers: auth, body: JSON.stringify(body) });

describe("two instances on one database", () => {
  it("a write on one is on the other's public page within a second", async () => {
    // Warm B's cache first, so the test proves invalidation rather than a cold render.
    await fetch(`${b.url}/api/v2/components.json`);
    await fetch(`${b.url}/api/v2/components.json`);
    const created = await post(a, "/api/admin/components", { name: "Two-instance API", visibility: "public", status: "major_outage" });
    expect(created.status).toBe(201);
    const started = performance.now();
    let seenAfter = -1;
    while (performance.now() - started < 5000) {
      const json = await (await fetch(`${b.url}/api/v2/components.json`)).json();
      if (JSON.stringify(json).includes("Two-instance API")) {
        seenAfter = performance.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seenAfter).toBeGreaterThanOrEqual(0);
    expect(seenAfter).toBeLessThan(1500);
  });

  it("their dispatchers share the outbox: every subscriber gets exactly one email", async () => {
    const emails = Array.from({ length: 40 }, (_, i) => `two-${i}@example.com`);
    for (const email of emails)
      expect((await post(a, "/api/admin/subscribers", { email, consent: "imported from the old tool" })).status).toBe(201);
    const res = await post(b, "/api/admin/incidents", {
      title: "Shared outbox check",
      impact: "minor",
      status: "investigating",
      visibility: "public",
      body: "Both instances are sending.",
    });
    expect(res.status).toBe(201);
    const deadline = Date.now() + 20_000;
    let rows: { to: string }[] = [];
    while (Date.now() < deadline) {
      rows = await handle.db
        .select({ to: capturedEmail.to })
        .from(capturedEmail)
        .where(like(capturedEmail.subject, "%Shared outbox check%"));
      if (rows.length >= emails.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 2000)); // time for a double send to show up
    rows = await handle.db.select({ to: capturedEmail.to }).from(capturedEmail).where(like(capturedEmail.subject, "%Shared outbox check%"));
    expect(rows.map((r) => r.to).sort()).toEqual([...emails].sort());
  });

  it("scheduled jobs run once, not once per instance", async () => {
    // Both schedulers tick every 0.5 s; each job's lease stays with one instance the whole time.
    const owners = new Map<string, Set<string>>();
    for (let i = 0; i < 12; i++) {
      for (const l of await handle.db.select().from(jobLease)) owners.set(l.name, (owners.get(l.name) ?? new Set()).add(l.owner));
      await new Promise((r) => setTimeout(r, 200));
    }
    expect([...owners.keys()]).toEqual(expect.arrayContaining(["backup", "maintenance-edges", "escalations"]));
    for (const [name, set] of owners) expect(set.size, name).toBe(1);
    expect(readdirSync(backups).filter((f) => f.endsWith(".db"))).toHaveLength(1);
    const [lease] = await handle.db.select().from(jobLease).where(eq(jobLease.name, "backup"));
    expect(lease?.lastResult).toMatch(/^ok /);
    // The last result shows in /readyz and on the console's overview.
    const ready = await (await fetch(`${b.url}/readyz`)).json();
    expect(ready.checks.backup.lastResult).toMatch(/^ok clarion-/);
    const cookie = await seedConsoleSession(handle.db, "owner", { email: "owner@example.com", name: "Owner" });
    const overview = await (await fetch(`${a.url}/admin`, { headers: { cookie: `clarion_session=${cookie}` } })).text();
    expect(overview).toContain("Last run");
    expect(overview).toContain(lease?.lastResult as string);
  });
});
