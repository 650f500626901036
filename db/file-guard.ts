import { type Stats, statSync } from "node:fs";
import { DatabaseFaultError } from "./faults.ts";

export interface FileGuard {
  /** "ok" while the path still names the file opened at start. */
  state(): "ok" | "missing" | "replaced";
  /** The error to answer with while the state is not "ok". */
  error(): DatabaseFaultError;
}

const sameFile = (a: Stats, b: Stats): boolean => a.ino === b.ino && a.dev === b.dev;

/**
 * Remembers which file (device and inode) the database path named at start. The driver opens
 * pooled connections lazily and would create an empty database at a vanished path, and a
 * connection to a replaced file would mix it with the old file's WAL; so every call checks
 * first. A file moved away and back is the same inode and is used again.
 */
export function guardFile(file: string, onReplaced?: () => void): FileGuard {
  const opened = statSync(file);
  let last: "ok" | "missing" | "replaced" = "ok";
  return {
    state() {
      const now = statSync(file, { throwIfNoEntry: false });
      const state = !now ? "missing" : sameFile(now, opened) ? "ok" : "replaced";
      if (state === "replaced" && last !== "replaced") onReplaced?.();
      last = state;
      return state;
    },
    error() {
      return new DatabaseFaultError(
        "unavailable",
        last === "replaced"
          ? `The database file ${file} was replaced while the server ran, so nothing can be saved. Restart the server to use the new file`
          : `The database file ${file} is missing, so nothing can be saved. Put it back; saving resumes by itself`,
      );
    },
  };
}
