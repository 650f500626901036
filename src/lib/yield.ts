import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * Lets the event loop take a turn. libSQL's local driver answers synchronously, so a loop of
 * queries never reaches the timer or I/O phases on its own: requests wait, and the native
 * statements it prepared are only freed by finalizers that run on a later turn — a 100,000-row
 * fan-out grew the process by ~170 MB of native memory that way. Long database loops call this
 * between steps.
 */
export function yieldToEventLoop(): Promise<void> {
  return nextTurn();
}
