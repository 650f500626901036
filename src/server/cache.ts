import { createHash } from "node:crypto";
import { brotliCompress, constants, gzip, gzipSync } from "node:zlib";

/** One rendered public response, compressed once per content version. */
export interface CachedResponse {
  status: number;
  /** Content-Type, Cache-Control, security headers… (not encoding or length). */
  headers: Record<string, string>;
  identity: Buffer;
  gzip: Buffer;
  /** Null for the moment it takes to compute. */
  br: Buffer | null;
  /** Quoted strong tag of the identity body; encodings add a suffix. */
  etag: string;
  version: number;
  bytes: number;
  /** Ready-to-write header lists per encoding for the fast path, built on first use. */
  wire?: Partial<Record<Encoding, Wire>>;
  /** The normalized URL it was rendered from: a revalidation renders it again. */
  source?: string;
  /** Set when a newer copy replaced it: its best-quality brotli is no longer worth computing. */
  superseded?: boolean;
}

/** Brotli at quality 11 costs ~35× the CPU of quality 5 for ~11 % fewer bytes: only for a copy that lasts. */
export const BEST_BROTLI_AFTER_MS = 5000;

export type Encoding = "br" | "gzip" | "identity";

/** One encoding of an entry as the fast path writes it: body and a flat header list. */
export interface Wire {
  body: Buffer;
  headers: string[];
  notModified: string[];
  /**
   * The lists as written, per answer ("200 HIT", "304 STALE"…): the headers plus X-Cache and a last slot
   * for the request id, which the writer fills in place (Node copies the list into the head at once).
   */
  written?: Record<string, string[]>;
}

/**
 * Compresses once per content version: the given gzip (or a quick one now), then on the thread
 * pool the best gzip and a quick brotli (quality 5), swapped in when ready (brotli clients get
 * gzip until then), and brotli 11 once the copy has lasted BEST_BROTLI_AFTER_MS — so a burst of
 * publishes does not spend a core on copies that are replaced a second later.
 */
export function buildEntry(
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  version: number,
  gzipped?: Buffer,
): CachedResponse {
  const hash = createHash("sha1").update(body).digest("base64url").slice(0, 22);
  // A window no larger than the body keeps the encoder's memory small (a 200 KB page needs 2^18, not 2^22).
  const lgwin = Math.min(24, Math.max(10, Math.ceil(Math.log2(body.length + 1))));
  const entry: CachedResponse = {
    status,
    headers,
    identity: body,
    gzip: gzipped ?? gzipSync(body, { level: 1 }),
    br: null,
    etag: `"${hash}"`,
    version,
    bytes: 0,
  };
  entry.bytes = entry.identity.length + 3 * entry.gzip.length;
  if (!gzipped)
    gzip(body, { level: 9 }, (err, best) => {
      if (!err && best.length < entry.gzip.length) entry.gzip = best;
    });
  const brotli = (quality: number) => {
    const params = {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_LGWIN]: lgwin,
    };
    brotliCompress(body, { params }, (err, out) => {
      if (!err && (!entry.br || out.length < entry.br.length)) entry.br = out;
    });
  };
  brotli(5);
  setTimeout(() => {
    if (!entry.superseded) brotli(11);
  }, BEST_BROTLI_AFTER_MS).unref();
  return entry;
}

/**
 * Rendered public responses by key (path + normalized query + variant), bounded in bytes
 * (least recently used goes first), with concurrent misses for one key collapsed into one render.
 */
export class RenderCache {
  readonly maxBytes: number;
  private entries = new Map<string, CachedResponse>();
  private inflight = new Map<string, Promise<CachedResponse | Response>>();
  private used = 0;
  renders = 0;

  constructor(maxBytes = 64 * 1024 * 1024) {
    this.maxBytes = maxBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.used;
  }

  get(key: string): CachedResponse | undefined {
    return this.entries.get(key);
  }

  /** Marks an entry recently used (cheap: re-inserting moves it to the end of the Map). */
  touch(key: string, entry: CachedResponse): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  /** Stores an entry unless a newer version is already there (a slow render finishing late). */
  set(key: string, entry: CachedResponse): void {
    const old = this.entries.get(key);
    if (old && old.version > entry.version) return;
    if (old) {
      old.superseded = true;
      this.used -= old.bytes;
      this.entries.delete(key);
    }
    if (entry.bytes > this.maxBytes / 4) return;
    this.entries.set(key, entry);
    this.used += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.used <= this.maxBytes) break;
      e.superseded = true;
      this.entries.delete(k);
      this.used -= e.bytes;
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    old.superseded = true;
    this.used -= old.bytes;
    this.entries.delete(key);
  }

  /** Runs `render` once for all concurrent callers of the same key and version. */
  fill(key: string, version: number, render: () => Promise<CachedResponse | Response>): Promise<CachedResponse | Response> {
    const flightKey = `${version} ${key}`;
    const running = this.inflight.get(flightKey);
    if (running) return running;
    this.renders++;
    const p = render().finally(() => this.inflight.delete(flightKey));
    this.inflight.set(flightKey, p);
    return p;
  }
}

/**
 * The content version as this instance knows it: read from the database at most once a second
 * (several instances agree within a second), at once after a local write. When the database
 * cannot answer, the last known version stays, so cached pages keep being served.
 */
export class VersionTracker {
  current = -1;
  private checkedAt = 0;
  private pending: Promise<number> | null = null;
  private readonly read: () => Promise<number>;
  private readonly intervalMs: number;
  private readonly now: () => number;
  failing = false;

  constructor(read: () => Promise<number>, intervalMs = 1000, now: () => number = Date.now) {
    this.read = read;
    this.intervalMs = intervalMs;
    this.now = now;
  }

  /** True when the known version may be used without asking the database. */
  isFresh(): boolean {
    return this.current >= 0 && this.now() - this.checkedAt < this.intervalMs;
  }

  /** A local write happened: the next request re-reads the version. */
  invalidate(): void {
    this.checkedAt = 0;
  }

  async ensure(): Promise<number> {
    if (this.isFresh()) return this.current;
    return this.refresh();
  }

  /**
   * Re-reads the version every half interval in the background, so a request never finds it
   * stale and never waits for the read (the server's fast path falls back to the full pipeline
   * when it is). Returns a function that stops it.
   */
  keepFresh(): () => void {
    const half = Math.max(1, Math.floor(this.intervalMs / 2));
    const timer = setInterval(() => {
      if (this.now() - this.checkedAt >= half) void this.refresh();
    }, half);
    timer.unref();
    return () => clearInterval(timer);
  }

  private refresh(): Promise<number> {
    this.pending ??= this.read().then(
      (v) => {
        this.current = v;
        this.checkedAt = this.now();
        this.failing = false;
        this.pending = null;
        return v;
      },
      () => {
        this.checkedAt = this.now();
        this.failing = true;
        this.pending = null;
        return this.current;
      },
    );
    return this.pending;
  }
}
