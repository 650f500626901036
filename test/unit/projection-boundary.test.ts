import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
/** Everything that produces output for someone outside the team, or sits between a request and a service. */
const SURFACES = [
  "src/pages",
  "src/components",
  "src/layouts",
  "src/api/routes",
  "src/notify",
  "src/jobs",
  "src/lib",
  "src/middleware.ts",
  "src/server",
  "emails",
];
const CONFIDENTIAL = ["incident", "incidentUpdate", "incidentComponent", "message", "closure", "preventionCommitment", "updateRevision"];

function files(p: string): string[] {
  const full = path.join(root, p);
  let s: ReturnType<typeof statSync>;
  try {
    s = statSync(full);
  } catch {
    return [];
  }
  if (!s.isDirectory()) return /\.(ts|astro|mjs|js)$/.test(p) ? [p] : [];
  return readdirSync(full).flatMap((n) => files(path.join(p, n)));
}

/** Imports of the confidential tables (named, or the whole schema module) from db/schema. */
function violations(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/import\s+(type\s+)?([\s\S]*?)\s+from\s+["']([^"']+)["']/g)) {
    const [, typeOnly, clause = "", from = ""] = m;
    if (typeOnly || !/db\/schema(\/|\.ts|["']|$)|db\/schema\/index/.test(from)) continue;
    if (/\*\s+as\s+/.test(clause)) found.push(`${from}: import * (the whole schema)`);
    const names = clause
      .replace(/[{}]/g, "")
      .split(",")
      .map((n) => n.trim())
      .filter((n) => n && !n.startsWith("type "))
      .map((n) => n.split(/\s+as\s+/)[0]?.trim() ?? "");
    for (const n of names) if (CONFIDENTIAL.includes(n)) found.push(`${from}: ${n}`);
  }
  if (/from\s+["']drizzle-orm/.test(source) && /\b(db|tx)\.(select|query)\b/.test(source) && /db\/schema/.test(source)) {
    for (const t of CONFIDENTIAL) if (new RegExp(`\\.from\\(\\s*${t}\\b`).test(source)) found.push(`reads ${t}`);
  }
  return found;
}

describe("projection boundary", () => {
  it("no public surface imports incident, message, closure or commitment tables — they read through src/projection", () => {
    const offenders: string[] = [];
    for (const f of SURFACES.flatMap(files)) {
      for (const v of violations(readFileSync(path.join(root, f), "utf8"))) offenders.push(`${f} → ${v}`);
    }
    expect(offenders).toEqual([]);
  });

  it("scans a real number of files", () => {
    expect(SURFACES.flatMap(files).length).toBeGreaterThan(20);
  });

  it("catches the imports it is meant to catch (so it can fail)", () => {
    expect(violations('import { message, component } from "../../db/schema/index.ts";')).toEqual(["../../db/schema/index.ts: message"]);
    expect(violations('import {\n  closure as c,\n} from "../../../db/schema/incident.ts";')).toEqual([
      "../../../db/schema/incident.ts: closure",
    ]);
    expect(violations('import * as schema from "../db/schema/index.ts";')).toHaveLength(1);
    expect(violations('import type { incident } from "../db/schema/index.ts";')).toEqual([]);
    expect(violations('import { component } from "../db/schema/index.ts";')).toEqual([]);
  });
});
