import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { capturedEmail, jobLease } from "../../db/schema/index.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { REMOTE_BACKUP_OFF } from "../../src/services/backup/scheduled.ts";
import { createToken } from "../helpers/actors.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { type LibsqlServer, startLibsqlServer } from "../helpers/libsql-server.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

/**
 * Several instances, two ways: two real server processes on one database file, and two on a
 * libSQL server (the stand-in, with a 1 ms round trip) with no file in common. Each way must show
 * a write on the other instance within a second, share the outbox, and run each job once.
 */
type Storage = "one database file" | "a libSQL server";

for (const storage of ["one database file", "a libSQL server"] as Storage[]) {
  describe(`two instances on ${storage}`, () => {
    let a: RunningServer;
    let b: RunningServer;
    let handle: DbHandle;
    let libsql: LibsqlServer | undefined;
    let auth: Record<string, string>;
    const backups = mkdtempSync(path.join(tmpdir(), "clarion-two-backups-"));
    const env: Record<string, string> = {
      JOB_INTERVAL_SECONDS: "0.5",
      BACKUP_INTERVAL_MINUTES: "60",
      BACKUP_DIR: backups,
      LOG_LEVEL: "warn",
    };

    beforeAll(async () => {
      if (storage === "a libSQL server") {
        libsql = await startLibsqlServer({ dir: mkdtempSync(path.join(tmpdir(), "clarion-two-libsql-")), delayMs: 1 });
        const url = libsql.databaseUrl("two");
        // Both start at the same moment: migrations must still run exactly once.
        [a, b] = await Promise.all([startServer({ ...env, DATABASE_URL: url }), startServer({ ...env, DATABASE_URL: url })]);
        handle = await createDb(url);
      } else {
        a = await startServer(env);
        b = await startServer(env, { dbFile: a.dbFile });
        handle = await createDb(`file:${a.dbFile}`);
      }
      const token = await createToken({ db: handle.db, clock: systemClock } as never, ["read", "write", "publish", "admin"]);
      auth = { ...token.headers, "content-type": "application/json" };
    });
    afterAll(async () => {
      handle?.close();
      await b?.stop();
      await a?.stop();
      if (libsql) {
        await libsql.stop();
        rmSync(libsql.dir, { recursive: true, force: true });
      }
      rmSync(backups, { recursive: true, force: true });
    });

    const post = (server: RunningServer, pathname: string, body: unknown) =>
      fetch(`${server.url}${pathname}`, { method: "POST", headers: auth, body: JSON.stringify(body) });

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
      rows = await handle.db
        .select({ to: capturedEmail.to })
        .from(capturedEmail)
        .where(like(capturedEmail.subject, "%Shared outbox check%"));
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
      const [lease] = await handle.db.select().from(jobLease).where(eq(jobLease.name, "backup"));
      const ready = await (await fetch(`${b.url}/readyz`)).json();
      if (storage === "one database file") {
        expect(readdirSync(backups).filter((f) => f.endsWith(".db"))).toHaveLength(1);
        expect(lease?.lastResult).toMatch(/^ok /);
        expect(ready.checks.backup.lastResult).toMatch(/^ok clarion-/);
      } else {
        // A file snapshot of a server's database is not possible: the job says what to do instead.
        expect(readdirSync(backups)).toHaveLength(0);
        expect(lease?.lastResult).toBe(REMOTE_BACKUP_OFF);
        expect(ready.checks.backup.lastResult).toBe(REMOTE_BACKUP_OFF);
      }
      // The last result shows on the console's overview.
      const cookie = await seedConsoleSession(handle.db, "owner", { email: "owner@example.com", name: "Owner" });
      const overview = await (await fetch(`${a.url}/admin`, { headers: { cookie: `clarion_session=${cookie}` } })).text();
      if (storage === "one database file") {
        expect(overview).toContain("Last run");
        expect(overview).toContain(lease?.lastResult as string);
      } else {
        expect(overview).toContain("so Clarion takes no file snapshots: back it up with the server");
      }
    });
  });
}
