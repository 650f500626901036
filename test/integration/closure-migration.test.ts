import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { closure } from "../../db/schema/index.ts";
import { ANONYMOUS, audienceViewer, loadIncidents } from "../../src/projection/index.ts";
import { diskMigrations } from "../helpers/db.ts";

const dir = mkdtempSync(path.join(tmpdir(), "clarion-closure-migration-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("migration 0002/0003: closure words move into the timeline", () => {
  it("an existing apology and its variants become an apology step; a reopened incident loses its stale closure", async () => {
    const handle = await createDb(`file:${path.join(dir, "old.db")}`);
    const all = diskMigrations();
    const before = all.findIndex((m) => m.tag.includes("closure_apology_update"));
    await migrate(handle.client, all.slice(0, before));
    const t = Date.parse("2026-03-02T12:00:00Z");
    await handle.client.batch(
      [
        `INSERT INTO audience (id, slug, name, kind, domains, precedence, created_at, updated_at) VALUES ('aud000000001', 'acme', 'Acme', 'custom', '["acme.com"]', 10, ${t}, ${t})`,
        ...["inc000000001:resolved", "inc000000002:investigating"].map((x) => {
          const [id, status] = x.split(":");
          return `INSERT INTO incident (id, title, status, visibility, started_at, created_at, updated_at) VALUES ('${id}', 'Outage', '${status}', 'public', ${t}, ${t}, ${t})`;
        }),
        ...["1", "2"].flatMap((n) => [
          `INSERT INTO incident_update (id, incident_id, kind, status, display_at, created_at, updated_at) VALUES ('upd00000000${n}', 'inc00000000${n}', 'closure', 'resolved', ${t}, ${t}, ${t})`,
          `INSERT INTO message (id, update_id, kind, body, created_at) VALUES ('msg00000000${n}', 'upd00000000${n}', 'public', 'Rolled back.', ${t})`,
          `INSERT INTO closure (incident_id, update_id, summary, apology, apology_variants, created_at) VALUES ('inc00000000${n}', 'upd00000000${n}', 'Rolled back.', 'Sorry.', '[{"audience":"acme","body":"Acme, a credit follows."}]', ${t})`,
        ]),
      ],
      "write",
    );
    await migrate(handle.client, all);
    const acme = audienceViewer("ops@acme.com", ["acme"]);
    const [forAcme] = await loadIncidents(handle.db, acme, { ids: ["inc000000001"] });
    expect(forAcme?.closure).toEqual({ summary: "Rolled back.", apology: "Acme, a credit follows." });
    const [forAnyone] = await loadIncidents(handle.db, ANONYMOUS, { ids: ["inc000000001"] });
    expect(forAnyone?.closure).toEqual({ summary: "Rolled back.", apology: "Sorry." });
    expect(forAnyone?.updates.map((u) => u.kind)).toEqual(["closure"]);
    const [reopened] = await loadIncidents(handle.db, acme, { ids: ["inc000000002"] });
    expect(reopened?.closure).toBeNull();
    expect((await handle.db.select().from(closure)).map((c) => c.incidentId)).toEqual(["inc000000001"]);
    handle.close();
  });
});
