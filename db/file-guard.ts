import { copyFileSync, readdirSync, readlinkSync, type Stats, statSync, unlinkSync } from "node:fs";
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
export function guardFile(file: string, onReplaced?: (keptAs: string | null) => void): FileGuard {
  const opened = statSync(file);
  let last: "ok" | "missing" | "replaced" = "ok";
  return {
    state() {
      const now = statSync(file, { throwIfNoEntry: false });
      const state = !now ? "missing" : sameFile(now, opened) ? "ok" : "replaced";
      if (state === "replaced" && last !== "replaced") onReplaced?.(keepReplaced(file, opened));
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

/**
 * The replaced file and its WAL still hold acknowledged writes, and that WAL sits at the new
 * file's path, where the next open would replay it onto the new file. So both are copied from
 * this process's open descriptors (Linux /proc) to `<file>.replaced-<time>`, and the WAL and
 * shared-memory index are taken away from the new file. Returns the copy's path, or null.
 */
export function keepReplaced(file: string, opened: Stats): string | null {
  try {
    const fds = readdirSync("/proc/self/fd").map((fd) => `/proc/self/fd/${fd}`);
    const target = (fd: string): string => {
      try {
        return readlinkSync(fd);
      } catch {
        return "";
      }
    };
    const db = fds.find((fd) => {
      const st = statSync(fd, { throwIfNoEntry: false });
      return st !== undefined && sameFile(st, opened);
    });
    if (!db) return null;
    const kept = `${file}.replaced-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    copyFileSync(db, kept);
    const wal = fds.find((fd) => target(fd) === `${file}-wal`);
    if (wal) {
      copyFileSync(wal, `${kept}-wal`);
      for (const suffix of ["-wal", "-shm"]) unlinkSync(`${file}${suffix}`);
    }
    return kept;
  } catch {
    return null;
  }
}
