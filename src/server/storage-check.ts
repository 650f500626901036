import { readFileSync } from "node:fs";
import path from "node:path";
import type { Client } from "@libsql/client";

const NETWORK_FS = new Set([
  "nfs",
  "nfs4",
  "cifs",
  "smb3",
  "smbfs",
  "9p",
  "afs",
  "glusterfs",
  "ceph",
  "fuse.sshfs",
  "fuse.s3fs",
  "fuse.gcsfuse",
  "fuse.rclone",
]);

/** The filesystem type holding `file`, from /proc/mounts (longest mount point that contains it). */
export function filesystemOf(file: string, mounts = safeRead("/proc/mounts")): string | null {
  const target = path.resolve(file);
  let best: { point: string; type: string } | null = null;
  for (const line of mounts.split("\n")) {
    const [, point, type] = line.split(" ");
    if (!point || !type) continue;
    const decoded = point.replace(/\\040/g, " ");
    if (
      (target === decoded || target.startsWith(decoded.endsWith("/") ? decoded : `${decoded}/`)) &&
      (!best || decoded.length > best.point.length)
    ) {
      best = { point: decoded, type };
    }
  }
  return best?.type ?? null;
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** SQLite's locking is unreliable on network filesystems: an embedded database there is refused. */
export function assertLocalStorage(databaseUrl: string, mounts?: string): void {
  if (!databaseUrl.startsWith("file:")) return;
  const file = databaseUrl.slice("file:".length).split("?")[0] ?? "";
  const type = filesystemOf(file, mounts);
  if (type && NETWORK_FS.has(type)) {
    throw new Error(
      `The database ${file} is on a network filesystem (${type}). SQLite's locks do not hold there and data can be corrupted. ` +
        "Put the file on a local disk, or run a libSQL server and point DATABASE_URL at it.",
    );
  }
}

export async function describeDatabase(client: Client): Promise<{ sqliteVersion: string; journalMode: string }> {
  const version = await client.execute("SELECT sqlite_version() AS v");
  const mode = await client.execute("PRAGMA journal_mode");
  return { sqliteVersion: String(version.rows[0]?.v), journalMode: String(Object.values(mode.rows[0] ?? {})[0]) };
}
