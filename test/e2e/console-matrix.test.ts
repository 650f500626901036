import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import { ROLES, type Role } from "../../db/schema/index.ts";
import { SESSION_COOKIE } from "../../src/auth/cookies.ts";
import { type Action, can } from "../../src/auth/permissions.ts";
import type { IntentTable } from "../../src/console/form-action.ts";
import * as FORMS from "../../src/console/forms/index.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

const PAGES_DIR = path.resolve(import.meta.dirname, "../../src/pages/admin");
/** Console pages reachable without a session. */
const OPEN = new Set(["/admin/login", "/admin/setup"]);

interface Page {
  route: string;
  action: Action | null;
  forms?: IntentTable;
}

function consolePages(dir = PAGES_DIR, prefix = "/admin"): Page[] {
  const out: Page[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.includes("[")) continue; // dynamic pages need data; their guard is the same call
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...consolePages(full, `${prefix}/${entry.name}`));
    else if (entry.name.endsWith(".astro")) {
      const route = entry.name === "index.astro" ? prefix : `${prefix}/${entry.name.replace(/\.astro$/, "")}`;
      const source = readFileSync(full, "utf8");
      const match = source.match(/guardPage\(Astro,\s*"([^"]+)"\)/);
      const table = source.match(/runFormAction\(Astro, actor, (\w+)\)/)?.[1];
      const forms = table ? (FORMS as Record<string, IntentTable>)[table] : undefined;
      out.push({ route, action: (match?.[1] as Action | undefined) ?? null, forms });
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

  it("a forbidden console POST is a 403 page, never a silent 200", async () => {
    const failures: string[] = [];
    let posts = 0;
    for (const page of consolePages().filter((p) => p.forms)) {
      for (const [intent, def] of Object.entries(page.forms ?? {})) {
        for (const role of ROLES) {
          const allowed = can({ type: "member", id: "x", email: "x", name: "x", role, sessionId: null }, def.action);
          if (allowed && page.action && !can({ type: "member", id: "x", email: "x", name: "x", role, sessionId: null }, page.action))
            continue;
          posts++;
          const res = await fetch(`${server.url}${page.route}`, {
            method: "POST",
            redirect: "manual",
            body: new URLSearchParams({ intent }),
            headers: { cookie: `${SESSION_COOKIE}=${cookies.get(role)}`, origin: server.url, "sec-fetch-site": "same-origin" },
          });
          const cell = `POST ${page.route} intent "${intent}" as ${role} → ${res.status}`;
          if (!allowed && res.status !== 403) failures.push(`${cell}, expected 403`);
          if (allowed && (res.status === 403 || res.status >= 500)) failures.push(`${cell}, expected allowed`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(posts).toBeGreaterThan(50);
  });
});
