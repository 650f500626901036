import type { Client } from "@libsql/client";
import { connectionPragmas } from "../../db/client.ts";
import { type Migration, migrationStatus } from "../../db/migrate.ts";

export interface Readiness {
  ok: boolean;
  checks: {
    database: { ok: boolean; journalMode?: string; error?: string };
    migrations: { ok: boolean; pending: string[] };
    backup?: { lastRunAt: string | null; lastResult: string | null };
  };
}

/** Ready when the database answers and every migration the code knows is applied; backups are reported, not required. */
export async function checkReadiness(client: Client, migrations: Migration[]): Promise<Readiness> {
  try {
    const pragmas = await connectionPragmas(client);
    const status = await migrationStatus(client, migrations);
    const migrationsOk = status.pending.length === 0 && status.unknown.length === 0;
    const backup = await client
      .execute("SELECT last_run_at, last_result FROM job_lease WHERE name = 'backup'")
      .then((r) => r.rows[0])
      .catch(() => undefined);
    return {
      ok: migrationsOk,
      checks: {
        database: { ok: true, journalMode: pragmas.journalMode },
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
  } catch {
    return { ok: false, checks: { database: { ok: false, error: "database unreachable" }, migrations: { ok: false, pending: [] } } };
  }
}
