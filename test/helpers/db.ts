import { randomBytes } from "node:crypto";
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
  /** The database file: on this machine, or (remote mode) the stand-in server's file behind the URL. */
  file: string;
  /** Closes the database and removes its folder. */
  destroy(): void;
}

/** Set by test/helpers/remote-setup.ts when the suite runs against the libSQL server stand-in (`npm run test:remote`). */
export const REMOTE = process.env.CLARION_TEST_LIBSQL_URL;
export const REMOTE_DIR = process.env.CLARION_TEST_LIBSQL_DIR;

function removeDatabaseFile(file: string): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
}

/** The URL of a new, empty database (nothing migrated): a temp file, or a fresh name on the stand-in. */
export function emptyDatabase(): { url: string; destroy(): void } {
  if (REMOTE && REMOTE_DIR) {
    const name = `e${randomBytes(8).toString("hex")}`;
    const file = path.join(REMOTE_DIR, `${name}.db`);
    return { url: `${REMOTE}/${name}/`, destroy: () => removeDatabaseFile(file) };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "clarion-empty-"));
  return { url: `file:${path.join(dir, "empty.db")}`, destroy: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real libSQL database with every migration applied: a temp file, or a fresh database on the stand-in server. */
export async function createTestDb(): Promise<TestDb> {
  if (REMOTE && REMOTE_DIR) {
    const name = `t${randomBytes(8).toString("hex")}`;
    const handle = await createDb(`${REMOTE}/${name}/`);
    await migrate(handle.client, diskMigrations());
    const file = path.join(REMOTE_DIR, `${name}.db`);
    return {
      ...handle,
      file,
      destroy() {
        handle.close();
        for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
      },
    };
  }
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
