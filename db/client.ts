import { type Client, type Config, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { guardFile } from "./file-guard.ts";
import { resilientWrites, shareHealth } from "./resilient.ts";
import * as schema from "./schema/index.ts";
import { takeTurns } from "./take-turns.ts";
import { guardWrites, serializeWrites } from "./write-guard.ts";

export type Schema = typeof schema;
export type Db = LibSQLDatabase<Schema>;
/** What a service may receive: the database or an open transaction on it. */
export type DbOrTx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface DbHandle {
  db: Db;
  client: Client;
  url: string;
  close(): void;
}

export interface DbOptions {
  authToken?: string;
  syncUrl?: string;
  syncIntervalSeconds?: number;
  /** Called once when the file at the path is no longer the one opened, with where its data was kept (db/file-guard.ts). */
  onFileReplaced?: (keptAs: string | null) => void;
}

/** The driver waits for a lock synchronously (blocking the event loop) only this long… */
export const BUSY_TIMEOUT_MS = 20;
/** …and a write then keeps trying asynchronously for this long before answering busy. */
export const WRITE_WAIT_MS = 5000;

/** The local path of a `file:` URL (without query), or null for a remote or in-memory database. */
export function localPathOf(url: string): string | null {
  if (!url.startsWith("file:") || url.includes(":memory:")) return null;
  return decodeURIComponent(
    url
      .slice("file:".length)
      .replace(/^\/\/(?=\/)/, "")
      .split("?")[0] ?? "",
  );
}

/**
 * Opens the database. Every connection libSQL opens gets busy_timeout (the client's
 * `timeout`) and foreign keys (on by default in libSQL, and checked in tests); WAL is
 * a property of the file, set once here. Write transactions begin IMMEDIATE
 * (drizzle's default `write` mode on libSQL); see db/resilient.ts for locks held elsewhere.
 */
export async function createDb(url: string, options: DbOptions = {}): Promise<DbHandle> {
  const config = { url, authToken: options.authToken, syncInterval: options.syncIntervalSeconds, timeout: BUSY_TIMEOUT_MS };
  const raw = options.syncUrl ? await openReplica({ ...config, syncUrl: options.syncUrl }) : createClient(config);
  const file = options.syncUrl ? null : localPathOf(url);
  if (url.startsWith("file:")) {
    await raw.execute("PRAGMA journal_mode=WAL");
    await raw.execute("PRAGMA foreign_keys=ON");
  }
  const fileGuard = file ? guardFile(file, options.onFileReplaced) : undefined;
  const resilient = resilientWrites(takeTurns(raw), { waitMs: WRITE_WAIT_MS, fileGuard, url });
  const client = serializeWrites(resilient);
  shareHealth(resilient, client);
  const db = guardWrites(drizzle({ client, schema, casing: "snake_case" }));
  return { db, client, url, close: () => client.close() };
}

/** How long start-up waits for an embedded replica's first sync before refusing to start. */
export const REPLICA_SYNC_TIMEOUT_MS = 15_000;

export class ReplicaSyncError extends Error {
  constructor(syncUrl: string, cause: unknown) {
    const origin = syncUrl.split(/[?#]/)[0];
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `DATABASE_SYNC_URL: the embedded replica could not sync from ${origin} (${reason}). It must name a libSQL server that ` +
        "speaks the replication protocol (sqld, or Turso with DATABASE_AUTH_TOKEN), reachable from here. Clarion does not " +
        "start on a replica it cannot sync, as it would serve an empty or stale page; to use the server directly, put its " +
        "URL in DATABASE_URL and unset DATABASE_SYNC_URL.",
      { cause },
    );
    this.name = "ReplicaSyncError";
  }
}

/**
 * An embedded replica, synced once before anything reads it. The driver otherwise starts on an
 * empty local file and only logs its failing background syncs, so a wrong DATABASE_SYNC_URL
 * would serve an empty page that looks healthy.
 */
async function openReplica(config: Config & { syncUrl: string }): Promise<Client> {
  let client: Client;
  try {
    client = createClient(config);
  } catch (err) {
    throw new ReplicaSyncError(config.syncUrl, err);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REPLICA_SYNC_TIMEOUT_MS / 1000} s`)), REPLICA_SYNC_TIMEOUT_MS);
  });
  try {
    await Promise.race([client.sync(), timeout]);
    return client;
  } catch (err) {
    client.close();
    throw new ReplicaSyncError(config.syncUrl, err);
  } finally {
    clearTimeout(timer);
  }
}

/** The libSQL client under a drizzle handle (drizzle sets `$client` but does not type it). */
export function clientOf(db: Db): Client {
  return (db as unknown as { $client: Client }).$client;
}

/** The pragmas a connection runs with, for readiness details and tests. */
export async function connectionPragmas(client: Client): Promise<{ journalMode: string; foreignKeys: boolean; busyTimeout: number }> {
  const row = async (sql: string) => Object.values((await client.execute(sql)).rows[0] ?? {})[0];
  return {
    journalMode: String(await row("PRAGMA journal_mode")),
    foreignKeys: Number(await row("PRAGMA foreign_keys")) === 1,
    busyTimeout: Number(await row("PRAGMA busy_timeout")),
  };
}
