import type { Client } from "@libsql/client";
import { connectionPragmas } from "../../db/client.ts";
import { asFaultError, DatabaseFaultError } from "../../db/faults.ts";
import { type Migration, migrationStatus } from "../../db/migrate.ts";
import { databaseHealthOf } from "../../db/resilient.ts";

export interface Readiness {
  ok: boolean;
  checks: {
    database: { ok: boolean; kind?: "file" | "remote"; journalMode?: string; roundTripMs?: number; server?: string; error?: string };
    writes?: WriteCheck;
    migrations: { ok: boolean; pending: string[] };
    backup?: { lastRunAt: string | null; lastResult: string | null };
    /** Present while an instance started during an outage has not finished starting. */
    starting?: { ok: false };
  };
}

/**
 * Ready when the database answers, the last write did not fail for a database fault (a lock held
 * elsewhere, a full disk, a missing or replaced file: db/resilient.ts records it, and the
 * heartbeat writes every 10 s) and every migration the code knows is applied; backups are reported, not required.
 */
export async function checkReadiness(client: Client, migrations: Migration[]): Promise<Readiness> {
  try {
    const database = await probeDatabase(client);
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
        database,
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
    const fault = asFaultError(err);
    const error = writes?.error ?? (fault instanceof DatabaseFaultError ? fault.message : "database unreachable");
    return { ok: false, checks: { database: { ok: false, error }, ...(writes ? { writes } : {}), migrations: { ok: false, pending: [] } } };
  }
}

/**
 * An embedded file reports its journal mode (WAL is this process's promise); a libSQL server runs
 * its own, so it reports what is true from here instead: which server, and one round trip's time.
 */
async function probeDatabase(client: Client): Promise<Readiness["checks"]["database"]> {
  if (client.protocol === "file") return { ok: true, kind: "file", journalMode: (await connectionPragmas(client)).journalMode };
  const started = performance.now();
  await client.execute("SELECT 1");
  return {
    ok: true,
    kind: "remote",
    server: databaseHealthOf(client)?.server ?? undefined,
    roundTripMs: Math.round((performance.now() - started) * 10) / 10,
  };
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
