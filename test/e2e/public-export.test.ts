import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../db/migrate.ts";
import { createDeps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { seedDemo } from "../../src/services/demo/seed.ts";
import { diskMigrations } from "../helpers/db.ts";

const root = path.resolve(import.meta.dirname, "../..");
let dir: string;
let out: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "clarion-export-"));
  out = path.join(dir, "site");
  const { deps, handle } = await createDeps(loadEnv({ DATABASE_URL: `file:${path.join(dir, "db.sqlite")}`, LOG_LEVEL: "silent" }));
  await migrate(handle.client, diskMigrations());
  await seedDemo(deps);
  handle.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run export", () => {
  it("writes pages, JSON, feeds, badge and assets as static files", () => {
    const run = spawnSync(process.execPath, ["src/cli/export.ts", "--out", out], {
      cwd: root,
      env: { PATH: process.env.PATH, DATABASE_URL: `file:${path.join(dir, "db.sqlite")}`, PUBLIC_URL: "https://status.example.com" },
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    for (const f of [
      "index.html",
      "history/index.html",
      "embed/index.html",
      "history.atom",
      "history.rss",
      "badge.svg",
      "robots.txt",
      "sitemap.xml",
      "404.html",
      "favicon.svg",
      "api/v2/summary.json",
      "api/v2/scheduled-maintenances/upcoming.json",
    ]) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const summary = JSON.parse(readFileSync(path.join(out, "api/v2/summary.json"), "utf8"));
    expect(summary.page.url).toBe("https://status.example.com");
    expect(summary.components.length).toBeGreaterThanOrEqual(30);
    const incident = summary.incidents[0].id as string;
    expect(existsSync(path.join(out, `incidents/${incident}/index.html`))).toBe(true);
    const history = readFileSync(path.join(out, "history/index.html"), "utf8");
    expect(history).toMatch(/href="\/history\/\d{4}-\d{2}\/"/);
    // No inline script; the one script is the optional /refresh.js, exported with the assets (it polls the static copy as well).
    const index = readFileSync(path.join(out, "index.html"), "utf8");
    expect([...index.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="/refresh.js" defer>']);
    expect(existsSync(path.join(out, "refresh.js"))).toBe(true);
  });
});
