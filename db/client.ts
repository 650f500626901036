import { type Client, createClient } from "@libsql/client";
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
  const raw = createClient({
    url,
    authToken: options.authToken,
    syncUrl: options.syncUrl,
    syncInterval: options.syncIntervalSeconds,
    timeout: BUSY_TIMEOUT_MS,
  });
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
