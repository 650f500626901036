import { mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { type Client, createClient } from "@libsql/client";

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
  integrity: "ok";
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

/** Runs PRAGMA integrity_check on a database file; "ok" or the first problems SQLite reports. */
export async function integrityCheck(file: string): Promise<string> {
  const client = createClient({ url: `file:${file}` });
  try {
    const rows = await client.execute("PRAGMA integrity_check");
    return rows.rows.map((r) => String(Object.values(r)[0])).join("; ");
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    client.close();
  }
}

/** What to do instead when the database is a libSQL server: VACUUM INTO would write on the server's disk, not here. */
export const REMOTE_BACKUP_ADVICE =
  "The database is a libSQL server (DATABASE_URL is not a file:), so Clarion cannot snapshot it into a local file: " +
  "VACUUM INTO would write on the server's disk. Back it up with the server's own tools instead: " +
  "Turso keeps point-in-time backups (`turso db shell <db> .dump > clarion.sql` for a copy), " +
  "self-hosted sqld takes snapshots to its bottomless/S3 backup when configured.";

/** True when the client talks to a libSQL server (http, ws) rather than an embedded file. */
export function isRemoteClient(client: Client): boolean {
  return client.protocol !== "file";
}

/**
 * A consistent snapshot of a live database: VACUUM INTO writes a new, compact file from one
 * read transaction (never a copy of the live file and its WAL), then the copy is checked.
 */
export async function backupDatabase(client: Client, outFile: string): Promise<BackupResult> {
  if (isRemoteClient(client)) throw new BackupError(REMOTE_BACKUP_ADVICE);
  const started = performance.now();
  const target = path.resolve(outFile);
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  await client.execute({ sql: "VACUUM INTO ?", args: [partial] });
  const integrity = await integrityCheck(partial);
  if (integrity !== "ok") {
    rmSync(partial, { force: true });
    throw new BackupError(`The snapshot failed its integrity check: ${integrity}`);
  }
  renameSync(partial, target);
  return { file: target, bytes: statSync(target).size, ms: Math.round(performance.now() - started), integrity: "ok" };
}
