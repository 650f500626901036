import { setImmediate as nextTurn } from "node:timers/promises";
import type { Client, Transaction, TransactionMode } from "@libsql/client";

/**
 * libSQL's local driver answers synchronously, so a loop of queries never reaches the event
 * loop's timer or I/O phases on its own: other requests wait, and the native statements the
 * loop prepared are only freed by finalizers that run on a later turn. A 100,000-recipient
 * fan-out held the loop for 13 s and grew the process by ~170 MB that way; so did a large CSV
 * import. Here every statement first checks how long the current uninterrupted run of
 * statements has lasted, and past `budgetMs` waits one turn — so no database loop anywhere in
 * the app, however it is written, blocks for long or piles up native memory.
 */
export function takeTurns(client: Client, budgetMs = 10): Client {
  let runStartedAt = -1;
  const turnTaken = () => {
    runStartedAt = -1;
  };
  const beforeStatement = async (): Promise<void> => {
    const now = performance.now();
    if (runStartedAt < 0) {
      runStartedAt = now;
      setImmediate(turnTaken);
    } else if (now - runStartedAt > budgetMs) {
      await nextTurn(); // turnTaken has run by then: it was queued first
      runStartedAt = performance.now();
      setImmediate(turnTaken);
    }
  };
  const paced = <T extends Client | Transaction>(target: T, opensTransactions: boolean): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop === "execute" || prop === "batch") {
          return async (...args: unknown[]) => {
            await beforeStatement();
            return (value as (...a: unknown[]) => Promise<unknown>).apply(t, args);
          };
        }
        if (prop === "transaction" && opensTransactions) {
          return async (mode?: TransactionMode) => paced(await (t as Client).transaction(mode), false);
        }
        return value.bind(t);
      },
    });
  return paced(client, true);
}
