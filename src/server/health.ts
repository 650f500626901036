import type { Client } from "@libsql/client";
import { connectionPragmas } from "../../db/client.ts";
import { type Migration, migrationStatus } from "../../db/migrate.ts";

export interface Readiness {
  ok: boolean;
  checks: { database: { ok: boolean; journalMode?: string; error?: string }; migrations: { ok: boolean; pending: string[] } };
}

/** Ready when the database answers and every migration the code knows is applied. */
export async function checkReadiness(client: Client, migrations: Migration[]): Promise<Readiness> {
  try {
    const pragmas = await connectionPragmas(client);
    const status = await migrationStatus(client, migrations);
    const migrationsOk = status.pending.length === 0 && status.unknown.length === 0;
    return {
      ok: migrationsOk,
      checks: { database: { ok: true, journalMode: pragmas.journalMode }, migrations: { ok: migrationsOk, pending: status.pending } },
    };
  } catch {
    return { ok: false, checks: { database: { ok: false, error: "database unreachable" }, migrations: { ok: false, pending: [] } } };
  }
}
