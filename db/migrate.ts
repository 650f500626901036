import { readFileSync } from "node:fs";
import path from "node:path";
import type { Client } from "@libsql/client";

/** One migration as drizzle-kit writes it: `<tag>.sql`, statements split by breakpoints. */
export interface Migration {
  tag: string;
  sql: string;
}

export class SchemaTooNewError extends Error {
  constructor(unknown: string[]) {
    super(
      `The database was migrated by a newer version of Clarion (unknown migrations: ${unknown.join(", ")}). ` +
        "Run the newer version, or restore a backup taken before the upgrade.",
    );
    this.name = "SchemaTooNewError";
  }
}

interface Journal {
  entries: { tag: string }[];
}

/** Reads drizzle-kit's journal and SQL files from a folder (the CLI and tests). */
export function readMigrationsFromDisk(dir: string): Migration[] {
  const journal = JSON.parse(readFileSync(path.join(dir, "meta/_journal.json"), "utf8")) as Journal;
  return journal.entries.map((e) => ({ tag: e.tag, sql: readFileSync(path.join(dir, `${e.tag}.sql`), "utf8") }));
}

/** Builds the list from files already in memory (the bundled server, via import.meta.glob). */
export function migrationsFromFiles(journalJson: string, files: Record<string, string>): Migration[] {
  const journal = JSON.parse(journalJson) as Journal;
  return journal.entries.map((e) => {
    const key = Object.keys(files).find((k) => k.endsWith(`/${e.tag}.sql`));
    if (!key) throw new Error(`migration ${e.tag}.sql is missing from the build`);
    return { tag: e.tag, sql: files[key] as string };
  });
}

const LEDGER = `CREATE TABLE IF NOT EXISTS _migrations (tag TEXT PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL)`;

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  unknown: string[];
}

/** Read-only (a readiness probe calls it): a database without the ledger has applied nothing. */
export async function migrationStatus(client: Client, migrations: Migration[]): Promise<MigrationStatus> {
  const ledger = await client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'");
  const rows = ledger.rows.length ? (await client.execute("SELECT tag FROM _migrations ORDER BY tag")).rows : [];
  const applied = rows.map((r) => String(r.tag));
  const known = new Set(migrations.map((m) => m.tag));
  return {
    applied,
    pending: migrations.filter((m) => !applied.includes(m.tag)).map((m) => m.tag),
    unknown: applied.filter((t) => !known.has(t)),
  };
}

/**
 * Applies pending migrations, each atomically; refuses a database newer than the code. Several
 * instances may start at once against one libSQL server: each migration's batch claims its tag
 * in the ledger first, so a second instance's batch fails on the primary key and rolls back
 * whole; that instance then sees the tag applied and moves on. So each runs exactly once.
 */
export async function migrate(client: Client, migrations: Migration[], now: () => number = Date.now): Promise<string[]> {
  await client.execute(LEDGER);
  const status = await migrationStatus(client, migrations);
  if (status.unknown.length) throw new SchemaTooNewError(status.unknown);
  const applied: string[] = [];
  for (const m of migrations.filter((x) => status.pending.includes(x.tag))) {
    const statements = m.sql
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      await client.batch(
        [{ sql: "INSERT INTO _migrations (tag, applied_at) VALUES (?, ?)", args: [m.tag, now()] }, ...statements],
        "write",
      );
      applied.push(m.tag);
    } catch (err) {
      const ledger = await client.execute({ sql: "SELECT 1 FROM _migrations WHERE tag = ?", args: [m.tag] });
      if (ledger.rows.length === 0) throw err; // not another instance's doing: a broken migration
    }
  }
  return applied;
}
