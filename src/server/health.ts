import type { Client } from "@libsql/client";
import { connectionPragmas } from "../../db/client.ts";
import { type Migration, migrationStatus } from "../../db/migrate.ts";
import { databaseHealthOf } from "../../db/resilient.ts";

export interface Readiness {
  ok: boolean;
  checks: {
    database: { ok: boolean; journalMode?: string; error?: string };
    writes?: WriteCheck;
    migrations: { ok: boolean; pending: string[] };
    backup?: { lastRunAt: string | null; lastResult: string | null };
  };
}

/**
 * Ready when the database answers, the last write did not fail for a database fault (a lock held
 * elsewhere, a full disk, a missing or replaced file: db/resilient.ts records it, and the
 * heartbeat writes every 10 s) and every migration the code knows is applied; backups are reported, not required.
 */
export async function checkReadiness(client: Client, migrations: Migration[]): Promise<Readiness> {
  try {
    const pragmas = await connectionPragmas(client);
    const writes = writeCheck(client);
    const status = await migrationStatus(client, migrations);
    const migrationsOk = status.pending.length === 0 && status.unknown.length === 0;
    const backup = await client
      .execute("SELECT last_run_at, last_result FROM job_lease WHERE name = 'backup'")
      .then((r) => r.rows[0])
      .catch(() => undefined);
    return {
      ok: migrationsOk && (writes?.ok ?? true),
      checks: {
        database: { ok: true, journalMode: pragmas.journalMode },
        ...(writes ? { writes } : {}),
        migrations: { ok: migrationsOk, pending: status.pending },
        ...(backup
          ? {
              backup: {
                lastRunAt: backup.last_run_at ? new Date(Number(backup.last_run_at)).toISOString() : null,
                lastResult: (backup.last_result as string | null) ?? null,
              },
            }
          : {}),
      },
    };
  } catch (err) {
    const writes = writeCheck(client);
    const error = writes?.error ?? (err instanceof Error && err.name === "DatabaseFaultError" ? err.message : "database unreachable");
    return { ok: false, checks: { database: { ok: false, error }, ...(writes ? { writes } : {}), migrations: { ok: false, pending: [] } } };
  }
}

export interface WriteCheck {
  ok: boolean;
  lastWriteOkAt: string | null;
  fault?: string;
  error?: string;
}

function writeCheck(client: Client): WriteCheck | undefined {
  const health = databaseHealthOf(client);
  if (!health) return undefined;
  const lastWriteOkAt = health.lastWriteOkAt ? new Date(health.lastWriteOkAt).toISOString() : null;
  if (!health.lastFault) return { ok: true, lastWriteOkAt };
  return { ok: false, lastWriteOkAt, fault: health.lastFault.fault, error: health.lastFault.message };
}
