import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobLease } from "../../db/schema/index.ts";
import { scheduledBackup } from "../../src/jobs/backup.ts";
import { createScheduler } from "../../src/jobs/scheduler.ts";
import { REMOTE_BACKUP_OFF } from "../../src/services/backup/scheduled.ts";
import { createTestDeps } from "../helpers/deps.ts";
import { itFileOnly, itRemoteOnly } from "../helpers/test-modes.ts";

describe("scheduled backups", () => {
  itFileOnly("VACUUM INTO writes a local file; a libSQL server keeps its own backups (remote counterpart below)")(
    "run once per interval, keep the newest N, and record their result",
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "clarion-backups-"));
      const deps = await createTestDeps({ env: { BACKUP_INTERVAL_MINUTES: "60", BACKUP_DIR: dir, BACKUP_KEEP: "2" } });
      const scheduler = createScheduler(deps, [scheduledBackup]);
      await scheduler.tick();
      expect(readdirSync(dir)).toHaveLength(1);
      deps.clock.advance(10 * 60_000);
      await scheduler.tick();
      expect(readdirSync(dir)).toHaveLength(1);
      for (let i = 0; i < 3; i++) {
        deps.clock.advance(61 * 60_000);
        await scheduler.tick();
      }
      expect(readdirSync(dir)).toHaveLength(2);
      const [lease] = await deps.db.select().from(jobLease).where(eq(jobLease.name, "backup"));
      expect(lease?.lastResult).toMatch(/^ok clarion-.*\.db \d+ bytes/);
      await scheduler.stop();
    },
  );

  itRemoteOnly("on a libSQL server record that backups are the server's job, and write no file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "clarion-backups-"));
    const deps = await createTestDeps({ env: { BACKUP_INTERVAL_MINUTES: "60", BACKUP_DIR: dir } });
    const scheduler = createScheduler(deps, [scheduledBackup]);
    await scheduler.tick();
    expect(readdirSync(dir)).toEqual([]);
    const [lease] = await deps.db.select().from(jobLease).where(eq(jobLease.name, "backup"));
    expect(lease?.lastResult).toBe(REMOTE_BACKUP_OFF);
    await scheduler.stop();
  });

  it("are off unless an interval is set", async () => {
    const deps = await createTestDeps();
    expect(await scheduledBackup.run(deps)).toBe("off");
  });
});
