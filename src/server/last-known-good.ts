import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../lib/logger.ts";
import { buildEntry, type CachedResponse } from "./cache.ts";

/** At most this many public responses are kept on disk (every page, feed and JSON of a large page fits). */
export const LAST_KNOWN_GOOD_MAX = 300;
/** Changed copies are written this long after the change, in one go: a burst of publishes writes once. */
const FLUSH_AFTER_MS = 1000;

interface Saved {
  key: string;
  status: number;
  headers: Record<string, string>;
  version: number;
  savedAt: string;
}

/**
 * The last good copy of each anonymous public response, kept on disk next to the process
 * (PUBLIC_CACHE_DIR, one folder per database), so an instance restarted while its database is
 * unreachable still serves the last truth instead of an error. Only read when a render fails or
 * before the database has answered once: a working database always wins.
 *
 * One file per response: a JSON line (key, headers, version) then the identity body; written to a
 * temporary name and renamed, so a crash never leaves half a page.
 */
export class LastKnownGood {
  readonly dir: string;
  private readonly entries = new Map<string, CachedResponse>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly logger: Logger;

  constructor(baseDir: string, databaseUrl: string, logger: Logger) {
    this.dir = LastKnownGood.folderFor(baseDir, databaseUrl);
    this.logger = logger;
  }

  /** Per database: two test servers (or a restored copy) never serve each other's pages. */
  static folderFor(baseDir: string, databaseUrl: string): string {
    const id = createHash("sha256")
      .update(databaseUrl.split("?")[0] ?? "")
      .digest("hex")
      .slice(0, 16);
    return path.resolve(baseDir, id);
  }

  /** How many pages an earlier run saved for this database (0 when none, or unreadable). */
  static savedFor(baseDir: string, databaseUrl: string): number {
    try {
      return readdirSync(LastKnownGood.folderFor(baseDir, databaseUrl)).filter((n) => n.endsWith(".page")).length;
    } catch {
      return 0;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Reads what an earlier run saved; unreadable files are skipped (and said). */
  load(): this {
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith(".page"));
    } catch {
      return this;
    }
    for (const name of names) {
      try {
        const raw = readFileSync(path.join(this.dir, name));
        const newline = raw.indexOf(10);
        const meta = JSON.parse(raw.subarray(0, newline).toString("utf8")) as Saved;
        const entry = buildEntry(meta.status, meta.headers, raw.subarray(newline + 1), meta.version);
        this.entries.set(meta.key, entry);
      } catch (err) {
        this.logger.warn("skipped an unreadable saved public page", { file: name, err: String(err) });
      }
    }
    if (this.entries.size) this.logger.info("last known good public pages loaded", { pages: this.entries.size, dir: this.dir });
    return this;
  }

  get(key: string): CachedResponse | undefined {
    return this.entries.get(key);
  }

  /** A good render: kept in memory now, on disk shortly (only when it changed). */
  remember(key: string, entry: CachedResponse): void {
    if (entry.status !== 200) return;
    const old = this.entries.get(key);
    if (old?.etag === entry.etag) return;
    if (!old && this.entries.size >= LAST_KNOWN_GOOD_MAX) return;
    this.entries.set(key, entry);
    this.dirty.add(key);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_AFTER_MS).unref();
  }

  /** Writes the changed copies now (also at shutdown). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty.size) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      for (const key of this.dirty) {
        const entry = this.entries.get(key);
        if (!entry) continue;
        const meta: Saved = {
          key,
          status: entry.status,
          headers: entry.headers,
          version: entry.version,
          savedAt: new Date().toISOString(),
        };
        const file = path.join(this.dir, `${createHash("sha1").update(key).digest("hex")}.page`);
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([Buffer.from(`${JSON.stringify(meta)}\n`), entry.identity]));
        renameSync(tmp, file);
      }
      this.dirty.clear();
    } catch (err) {
      // A full or read-only disk must not take the public page down: the copies stay in memory.
      this.logger.warn("could not save the last known good public pages", { dir: this.dir, err: String(err) });
    }
  }
}
