import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import { ROLES, type Role } from "../../db/schema/index.ts";
import { SESSION_COOKIE } from "../../src/auth/cookies.ts";
import { type Action, can } from "../../src/auth/permissions.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

const PAGES_DIR = path.resolve(import.meta.dirname, "../../src/pages/admin");
/** Console pages reachable without a session. */
const OPEN = new Set(["/admin/login", "/admin/setup"]);

function consolePages(dir = PAGES_DIR, prefix = "/admin"): { route: string; action: Action | null }[] {
  const out: { route: string; action: Action | null }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.includes("[")) continue; // dynamic pages need data; their guard is the same call
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...consolePages(full, `${prefix}/${entry.name}`));
    else if (entry.name.endsWith(".astro")) {
      const route = entry.name === "index.astro" ? prefix : `${prefix}/${entry.name.replace(/\.astro$/, "")}`;
      const match = readFileSync(full, "utf8").match(/guardPage\(Astro,\s*"([^"]+)"\)/);
      out.push({ route, action: (match?.[1] as Action | undefined) ?? null });
    }
  }
  return out;
}

let server: RunningServer;
const cookies = new Map<Role, string>();
beforeAll(async () => {
  server = await startServer();
  const handle = await createDb(`file:${server.dbFile}`);
  for (const role of ROLES) cookies.set(role, await seedConsoleSession(handle.db, role, { email: `${role}@example.com`, name: role }));
  handle.close();
});
afterAll(async () => {
  await server?.stop();
});

describe("console page × role matrix", () => {
  it("every console page is guarded", () => {
    const unguarded = consolePages().filter((p) => !p.action && !OPEN.has(p.route));
    expect(unguarded).toEqual([]);
  });

  it("anonymous → sign-in, denied → 403, allowed → 200", async () => {
    const pages = consolePages().filter((p) => p.action);
    const failures: string[] = [];
    for (const page of pages) {
      const anon = await fetch(`${server.url}${page.route}`, { redirect: "manual" });
      if (anon.status !== 303 || !anon.headers.get("location")?.startsWith("/admin/login"))
        failures.push(`${page.route} anonymous → ${anon.status}`);
      for (const role of ROLES) {
        const res = await fetch(`${server.url}${page.route}`, {
          redirect: "manual",
          headers: { cookie: `${SESSION_COOKIE}=${cookies.get(role)}` },
        });
        const allowed = can({ type: "member", id: "x", email: "x", name: "x", role, sessionId: null }, page.action as Action);
        const expected = allowed ? 200 : 403;
        if (res.status !== expected) failures.push(`${page.route} ${role} → ${res.status}, expected ${expected}`);
        if (allowed && res.headers.get("cache-control") !== "no-store") failures.push(`${page.route} ${role} is cacheable`);
      }
    }
    expect(failures).toEqual([]);
    console.log(`console matrix: ${pages.length} pages × ${ROLES.length + 1} callers`);
  });
});
