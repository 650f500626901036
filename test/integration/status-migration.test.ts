import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { ANONYMOUS, loadComponentTree, loadStatusSpans, TEAM } from "../../src/projection/index.ts";
import { diskMigrations } from "../helpers/db.ts";

const H = 3_600_000;
const NOW = Date.parse("2026-03-20T12:00:00Z");
let dir: string;
let handle: DbHandle;

// Rows as the code before the status model wrote them: every change moved component.status.
async function oldWorld(): Promise<void> {
  const run = (sql: string, args: (string | number | null)[] = []) => handle.client.execute({ sql, args });
  const comp = (id: string, status: string) =>
    run("INSERT INTO component (id, name, status, visibility, created_at, updated_at) VALUES (?, ?, ?, 'public', ?, ?)", [
      id,
      id,
      status,
      NOW - 100 * H,
      NOW - 100 * H,
    ]);
  const change = (id: string, component: string, status: string, incident: string | null, at: number) =>
    run("INSERT INTO component_status_change (id, component_id, status, incident_id, at) VALUES (?, ?, ?, ?, ?)", [
      id,
      component,
      status,
      incident,
      at,
    ]);
  const inc = async (id: string, resolvedAt: number | null, component: string, status: string, at: number) => {
    await run(
      "INSERT INTO incident (id, kind, title, impact, status, visibility, started_at, resolved_at, created_at, updated_at) VALUES (?, 'incident', ?, 'major', ?, 'public', ?, ?, ?, ?)",
      [id, id, resolvedAt ? "resolved" : "identified", at, resolvedAt, at, at],
    );
    await run("INSERT INTO incident_component (incident_id, component_id, status) VALUES (?, ?, ?)", [id, component, status]);
    await run(
      "INSERT INTO incident_update (id, incident_id, status, component_changes, display_at, created_at, updated_at) VALUES (?, ?, 'identified', ?, ?, ?, ?)",
      [`u${id}`, id, JSON.stringify([{ id: component, status }]), at, at, at],
    );
  };
  // "hand": degraded by hand, then an incident took over and closing it restored operational.
  await comp("hand", "operational");
  await change("h1", "hand", "operational", null, NOW - 100 * H);
  await change("h2", "hand", "degraded_performance", null, NOW - 50 * H);
  await inc("ihand", NOW - 30 * H, "hand", "major_outage", NOW - 40 * H);
  await change("h3", "hand", "major_outage", "ihand", NOW - 40 * H);
  await change("h4", "hand", "operational", "ihand", NOW - 30 * H);
  // "fixed": an open incident set it, then a person set it back to operational by hand.
  await comp("fixed", "operational");
  await change("f1", "fixed", "operational", null, NOW - 100 * H);
  await inc("ifixed", null, "fixed", "partial_outage", NOW - 20 * H);
  await change("f2", "fixed", "partial_outage", "ifixed", NOW - 20 * H);
  await change("f3", "fixed", "operational", null, NOW - 10 * H);
  // "held": an open incident holds it; "manual": a person holds it.
  await comp("held", "major_outage");
  await inc("iheld", null, "held", "major_outage", NOW - 5 * H);
  await change("m0", "held", "major_outage", "iheld", NOW - 5 * H);
  await comp("manual", "partial_outage");
  await change("m1", "manual", "partial_outage", null, NOW - 7 * H);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "clarion-status-migration-"));
  handle = await createDb(`file:${path.join(dir, "test.db")}`);
  const all = diskMigrations();
  const before = all.slice(
    0,
    all.findIndex((m) => m.tag.endsWith("_status_holds")),
  );
  await migrate(handle.client, before);
  await oldWorld();
  await migrate(handle.client, all);
});
afterAll(() => {
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the status-holds migration", () => {
  it("keeps every component's current status as the old model showed it", async () => {
    const statuses = Object.fromEntries((await loadComponentTree(handle.db, ANONYMOUS)).all.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({ hand: "operational", fixed: "operational", held: "major_outage", manual: "partial_outage" });
  });

  it("keeps the history: a hand-set status ends where an incident took over, and incidents keep their spans", async () => {
    const spans = await loadStatusSpans(handle.db, TEAM, new Date(NOW - 90 * H), new Date(NOW));
    const of = (id: string) =>
      spans
        .filter((s) => s.componentId === id)
        .map((s) => [s.status, (s.from - NOW) / H, s.to === null ? null : (s.to - NOW) / H])
        .sort((a, b) => (a[1] as number) - (b[1] as number));
    expect(of("hand")).toEqual([
      ["degraded_performance", -50, -40],
      ["major_outage", -40, -30],
    ]);
    expect(of("fixed")).toEqual([
      ["partial_outage", -20, -10],
      ["operational", -10, null],
    ]);
  });

  it("releases a hand-overridden hold with a team-only note the public never sees", async () => {
    const notes = await handle.client.execute(
      "SELECT m.kind FROM message m JOIN incident_update u ON u.id = m.update_id WHERE u.incident_id = 'ifixed' AND u.id <> 'uifixed'",
    );
    expect(notes.rows.map((r) => r.kind)).toEqual(["internal"]);
  });
});
