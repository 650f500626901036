import { setTimeout as sleep } from "node:timers/promises";
import type { Client, InStatement, ResultSet, Transaction, TransactionMode } from "@libsql/client";
import { asFaultError, type DatabaseFault, databaseFaultOf } from "./faults.ts";
import type { FileGuard } from "./file-guard.ts";

/** What readiness reports about the database's writes. */
export interface DatabaseHealth {
  lastWriteOkAt: number | null;
  lastFault: { fault: DatabaseFault; at: number; message: string } | null;
  /** "ok", or why the file cannot be used; null for a remote database. */
  file: "ok" | "missing" | "replaced" | null;
  /** The libSQL server's origin (no path, query or token), or null for an embedded file. */
  server: string | null;
}

export interface ResilienceOptions {
  /** How long a write waits, asynchronously, for a lock another process holds. */
  waitMs: number;
  fileGuard?: FileGuard;
  /** The database's URL, to name its server (never its token) in readiness. */
  url?: string;
}

const healthByClient = new WeakMap<object, DatabaseHealth>();

/** The health record of a client built by createDb (undefined for any other client). */
export function databaseHealthOf(client: object): DatabaseHealth | undefined {
  return healthByClient.get(client);
}

export function shareHealth(from: object, to: object): void {
  const health = healthByClient.get(from);
  if (health) healthByClient.set(to, health);
}

/** `https://host:port` of a libsql:, http(s): or ws(s): URL; null for a file or anything unparsable. */
export function serverOrigin(url: string): string | null {
  if (url.startsWith("file:")) return null;
  try {
    const u = new URL(url.replace(/^libsql:/, "https:"));
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

const VERIFIABLE_WRITE = /^\s*(insert|update|delete|replace|create|drop|alter)\b/i;
const sqlOf = (stmt: InStatement): string => (typeof stmt === "string" ? stmt : stmt.sql);

/**
 * Writes that survive other processes: the driver waits for a lock only briefly (its busy
 * timeout, which blocks the event loop), and here a busy write is retried after an
 * asynchronous backoff until `waitMs`. A connection that met a fault is discarded (the driver
 * leaves a busy statement in progress, and later commits on that connection silently fail:
 * libsql-client-ts#352), and each autocommit write runs in its own transaction so a commit
 * that fails is seen. Callers must serialize writes (db/write-guard.ts does).
 */
export function resilientWrites(client: Client, options: ResilienceOptions): Client {
  const health: DatabaseHealth = {
    lastWriteOkAt: null,
    lastFault: null,
    file: options.fileGuard ? "ok" : null,
    server: options.url ? serverOrigin(options.url) : null,
  };
  let discard = false;
  const guard = options.fileGuard;

  const check = (): void => {
    if (!guard) return;
    const was = health.file;
    health.file = guard.state();
    if (health.file === "ok") {
      if (was !== "ok") health.lastFault = null;
      return;
    }
    const error = guard.error();
    health.lastFault = { fault: "unavailable", at: Date.now(), message: error.message };
    throw error;
  };
  const failed = (err: unknown): unknown => {
    const converted = asFaultError(err);
    const fault = databaseFaultOf(converted);
    if (fault) {
      discard = true;
      health.lastFault = { fault, at: Date.now(), message: (converted as Error).message };
    }
    return converted;
  };
  const succeeded = <T>(value: T): T => {
    health.lastWriteOkAt = Date.now();
    health.lastFault = null;
    return value;
  };

  // Connections are dropped only when no transaction holds one (a read may meet busy while a write is open).
  let openTransactions = 0;
  async function attempt<T>(run: () => Promise<T>, isWrite: boolean): Promise<T> {
    const deadline = performance.now() + options.waitMs;
    for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
      check();
      if (discard && openTransactions === 0) {
        discard = false;
        await client.reconnect();
      }
      try {
        const result = await run();
        return isWrite ? succeeded(result) : result;
      } catch (err) {
        const converted = failed(err);
        if (databaseFaultOf(converted) !== "busy" || performance.now() + delay > deadline) throw converted;
        await sleep(delay);
      }
    }
  }
  const write = <T>(run: () => Promise<T>): Promise<T> => attempt(run, true);
  const read = <T>(run: () => Promise<T>): Promise<T> => attempt(run, false);
  async function inTransaction<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw failed(err);
    }
  }
  async function begin(mode: TransactionMode | undefined): Promise<Transaction> {
    const tx = await (mode === "read" ? read(() => client.transaction(mode)) : write(() => client.transaction(mode)));
    openTransactions++;
    let open = true;
    const settled = () => {
      if (open) openTransactions--;
      open = false;
    };
    return new Proxy(tx, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver);
        if (typeof value !== "function") return value;
        const call = (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(t, args);
        if (prop === "commit") return () => inTransaction(call).then(succeeded).finally(settled);
        if (prop === "rollback") return () => inTransaction(call).finally(settled);
        if (prop === "close")
          return () => {
            settled();
            return value.call(t);
          };
        if (prop === "execute" || prop === "batch" || prop === "executeMultiple")
          return (...args: unknown[]) => inTransaction(() => call(...args));
        return value.bind(t);
      },
    });
  }

  const wrapped = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "execute") {
        return (stmt: InStatement, args?: unknown): Promise<ResultSet> => {
          const full: InStatement = args === undefined || typeof stmt !== "string" ? stmt : { sql: stmt, args: args as never };
          if (VERIFIABLE_WRITE.test(sqlOf(full))) return write(async () => (await target.batch([full], "write"))[0] as ResultSet);
          return read(() => target.execute(full));
        };
      }
      if (prop === "batch") {
        return (stmts: InStatement[], mode?: TransactionMode) =>
          mode === "read" ? read(() => target.batch(stmts, mode)) : write(() => target.batch(stmts, mode));
      }
      if (prop === "transaction") return begin;
      if (prop === "executeMultiple" || prop === "migrate") {
        const value = Reflect.get(target, prop, receiver) as (...a: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => write(() => value.apply(target, args));
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  healthByClient.set(wrapped, health);
  return wrapped;
}
