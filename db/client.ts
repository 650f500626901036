import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
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
}

export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database. Every connection libSQL opens gets busy_timeout (the client's
 * `timeout`) and foreign keys (on by default in libSQL, and checked in tests); WAL is
 * a property of the file, set once here. Write transactions begin IMMEDIATE
 * (drizzle's default `write` mode on libSQL).
 */
export async function createDb(url: string, options: DbOptions = {}): Promise<DbHandle> {
  const raw = createClient({
    url,
    authToken: options.authToken,
    syncUrl: options.syncUrl,
    syncInterval: options.syncIntervalSeconds,
    timeout: BUSY_TIMEOUT_MS,
  });
  const client = serializeWrites(takeTurns(raw));
  if (url.startsWith("file:")) {
    await client.execute("PRAGMA journal_mode=WAL");
    await client.execute("PRAGMA foreign_keys=ON");
  }
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
