import { AsyncLocalStorage } from "node:async_hooks";
import type { Client, InStatement, Transaction, TransactionMode } from "@libsql/client";

/**
 * SQLite has one writer at a time, and libSQL's local driver waits for a busy lock
 * synchronously — blocking the whole event loop, so the transaction holding the lock cannot
 * finish and both sides stall until busy_timeout. So inside one process every write (an
 * autocommit statement, a batch, a write transaction) takes turns on one async lock, and a
 * write through the outer handle from inside a transaction fails at once with a clear message.
 */
const insideTransaction = new AsyncLocalStorage<boolean>();

export class WriteInsideTransactionError extends Error {
  constructor(method: string) {
    super(
      `db.${method}() was called inside a transaction on the outer handle; use the transaction's tx instead (it would wait for its own lock)`,
    );
    this.name = "WriteInsideTransactionError";
  }
}

class WriteLock {
  private tail: Promise<void> = Promise.resolve();
  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }
}

const READ_ONLY =
  /^\s*(select|vacuum\s+into|with\s[\s\S]*?\)\s*select|explain|pragma\s+\w+\s*;?\s*$|pragma\s+\w+\s*\(\s*[\w"']*\s*\)\s*;?\s*$)/i;
const sqlOf = (stmt: InStatement): string => (typeof stmt === "string" ? stmt : stmt.sql);

/** Wraps a libSQL client so its writes take turns on one in-process lock. */
export function serializeWrites(client: Client): Client {
  const lock = new WriteLock();
  const locked = async <T>(fn: () => Promise<T>): Promise<T> => {
    const release = await lock.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "execute") {
        return (stmt: InStatement, args?: unknown) => {
          const run = () => (args === undefined ? target.execute(stmt) : target.execute(stmt as string, args as never));
          return READ_ONLY.test(sqlOf(stmt)) ? run() : locked(run);
        };
      }
      if (prop === "batch") {
        return (stmts: InStatement[], mode?: TransactionMode) =>
          mode === "read" ? target.batch(stmts, mode) : locked(() => target.batch(stmts, mode));
      }
      if (prop === "transaction") {
        return async (mode?: TransactionMode): Promise<Transaction> => {
          if (mode === "read") return target.transaction(mode);
          const release = await lock.acquire();
          let tx: Transaction;
          try {
            tx = await target.transaction(mode);
          } catch (err) {
            release();
            throw err;
          }
          let released = false;
          const done = () => {
            if (!released) {
              released = true;
              release();
            }
          };
          return new Proxy(tx, {
            get(t, p, r) {
              const v = Reflect.get(t, p, r);
              if (p === "commit" || p === "rollback")
                return async () => {
                  try {
                    return await (v as () => Promise<void>).call(t);
                  } finally {
                    done();
                  }
                };
              if (p === "close")
                return () => {
                  try {
                    (v as () => void).call(t);
                  } finally {
                    done();
                  }
                };
              return typeof v === "function" ? v.bind(t) : v;
            },
          });
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const WRITES = new Set(["insert", "update", "delete", "run", "batch", "transaction"]);

/** Marks the async flow of a drizzle transaction so an outer write inside it fails fast. */
export function guardWrites<T extends object>(db: T): T {
  return new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== "string" || !WRITES.has(prop) || typeof value !== "function") return value;
      if (prop !== "transaction") {
        return (...args: unknown[]) => {
          if (insideTransaction.getStore()) throw new WriteInsideTransactionError(prop);
          return value.apply(target, args);
        };
      }
      return (fn: (tx: unknown) => Promise<unknown>, config?: unknown) => {
        if (insideTransaction.getStore()) return Promise.reject(new WriteInsideTransactionError(prop));
        return insideTransaction.run(true, () => value.call(target, fn, config));
      };
    },
  });
}
