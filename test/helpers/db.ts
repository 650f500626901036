import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb, type DbHandle } from "../../db/client.ts";
import { type Migration, migrate, readMigrationsFromDisk } from "../../db/migrate.ts";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../db/migrations");

export function diskMigrations(): Migration[] {
  return readMigrationsFromDisk(MIGRATIONS_DIR);
}

export interface TestDb extends DbHandle {
  file: string;
  /** Closes the database and removes its folder. */
  destroy(): void;
}

/** A real libSQL file in its own temp folder, with every migration applied. */
export async function createTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(path.join(tmpdir(), "clarion-test-"));
  const file = path.join(dir, "test.db");
  const handle = await createDb(`file:${file}`);
  await migrate(handle.client, diskMigrations());
  return {
    ...handle,
    file,
    destroy() {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
