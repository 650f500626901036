import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type BatchStep,
  type Connection,
  executeBatch,
  executeStmt,
  type HranaStmt,
  isBusy,
  openConnection,
  StatementError,
  toStatementError,
} from "./hrana.ts";

/**
 * A FAKE libSQL server for tests — a stand-in for the outside world, like the fake Resend. It
 * speaks Hrana over HTTP with JSON (`/v2/pipeline` and `/v3/pipeline`, batons, `execute`, `batch`,
 * `sequence`, `describe`, `store_sql`/`close_sql`, `get_autocommit`, `close`), which is what
 * `@libsql/client` uses for `http://` URLs, backed by a database file per database (the same
 * SQLite file format libSQL uses, opened with node:sqlite). It is not sqld:
 * no replication, no auth, no cursors, no protobuf. Each database lives under its own path
 * (`http://127.0.0.1:<port>/<name>/`). It counts round trips and can inject a delay, 5xx answers,
 * dropped streams and expired batons.
 */

interface Stream {
  db: Connection;
  file: string;
  sql: Map<number, string>;
  lastUsed: number;
}

type StreamRequest =
  | { type: "close" }
  | { type: "execute"; stmt: HranaStmt }
  | { type: "batch"; batch: { steps: BatchStep[] } }
  | { type: "sequence"; sql?: string | null; sql_id?: number | null }
  | { type: "describe"; sql?: string | null; sql_id?: number | null }
  | { type: "store_sql"; sql_id: number; sql: string }
  | { type: "close_sql"; sql_id: number }
  | { type: "get_autocommit" };

export interface LibsqlServerOptions {
  /** Folder holding one `<name>.db` file per database. */
  dir: string;
  /** Added before every answer, like a network round trip (ms). */
  delayMs?: number;
  /** A stream unused for this long is closed and its transaction rolled back (sqld's default is 10 s). */
  streamIdleMs?: number;
  /** How long a statement waits for another stream's write lock before answering SQLITE_BUSY. */
  busyWaitMs?: number;
}

export interface RoundTrips {
  /** HTTP requests to a pipeline endpoint: what a network would carry. */
  pipelines: number;
  /** Statements executed (a batch counts each step). */
  statements: number;
}

export class LibsqlServer {
  readonly dir: string;
  delayMs: number;
  private readonly streamIdleMs: number;
  private readonly busyWaitMs: number;
  private readonly streams = new Map<string, Stream>();
  private server: Server | undefined;
  private failuresLeft = 0;
  private failureStatus = 503;
  private sweeper: NodeJS.Timeout | undefined;
  readonly counts: RoundTrips = { pipelines: 0, statements: 0 };
  /** Per database name, for budgets on one test's database. */
  readonly countsByDb = new Map<string, RoundTrips>();
  /** When set, each pipeline's statements (SQL, one line each) are appended: a failing budget shows what ran. */
  trace: string[][] | null = null;
  url = "";

  constructor(options: LibsqlServerOptions) {
    this.dir = options.dir;
    this.delayMs = options.delayMs ?? 0;
    this.streamIdleMs = options.streamIdleMs ?? 10_000;
    this.busyWaitMs = options.busyWaitMs ?? 5_000;
    mkdirSync(this.dir, { recursive: true });
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => this.answer(res, 500, { message: String(err), code: "INTERNAL" }));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.sweeper = setInterval(() => this.closeIdle(), Math.min(1000, this.streamIdleMs)).unref();
    return this.url;
  }

  /** The `DATABASE_URL` of one database on this server. */
  databaseUrl(name: string): string {
    return `${this.url}/${name}/`;
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.dropStreams();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next `count` pipeline requests answer `status` without running anything. */
  failNext(count: number, status = 503): void {
    this.failuresLeft = count;
    this.failureStatus = status;
  }

  /** Forgets every stream, as a restarted server would: open transactions roll back, old batons answer 400. */
  dropStreams(): void {
    for (const stream of this.streams.values()) release(stream.db);
    this.streams.clear();
  }

  resetCounts(): void {
    this.counts.pipelines = 0;
    this.counts.statements = 0;
    this.countsByDb.clear();
  }

  countsFor(name: string): RoundTrips {
    let counts = this.countsByDb.get(name);
    if (!counts) {
      counts = { pipelines: 0, statements: 0 };
      this.countsByDb.set(name, counts);
    }
    return counts;
  }

  private closeIdle(): void {
    const now = Date.now();
    for (const [baton, stream] of this.streams) {
      if (now - stream.lastUsed > this.streamIdleMs) {
        release(stream.db);
        this.streams.delete(baton);
      }
    }
  }

  private answer(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent) return;
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/([A-Za-z0-9_-]+)\/(v2|v3)(\/pipeline)?$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    if (!match) return this.answer(res, 404, { message: "Not found (only Hrana over HTTP with JSON is spoken here)", code: "NOT_FOUND" });
    if (!match[3]) return this.answer(res, req.method === "GET" ? 200 : 405, {});
    if (req.method !== "POST") return this.answer(res, 405, { message: "POST a pipeline", code: "METHOD" });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.delayMs > 0) await sleep(this.delayMs);
    const name = match[1] as string;
    this.counts.pipelines += 1;
    this.countsFor(name).pipelines += 1;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      // As a proxy or a restarting server answers: plain text, so the client sees an HTTP server error.
      res.writeHead(this.failureStatus, { "Content-Type": "text/plain" });
      res.end("Injected server failure");
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { baton: string | null; requests: StreamRequest[] };
    let stream: Stream | undefined;
    if (body.baton) {
      stream = this.streams.get(body.baton);
      this.streams.delete(body.baton);
      if (!stream) return this.answer(res, 400, { message: "The stream has expired or was closed", code: "STREAM_EXPIRED" });
    } else {
      const file = path.join(this.dir, `${name}.db`);
      stream = { db: openConnection(file), file, sql: new Map(), lastUsed: Date.now() };
    }
    if (this.trace) {
      const known = new Map(stream.sql);
      this.trace.push(body.requests.flatMap((r) => sqlOfRequest(r, known)));
    }
    const results: unknown[] = [];
    let open = true;
    for (const request of body.requests) {
      if (!open) {
        results.push({ type: "error", error: { message: "The stream is closed", code: "STREAM_CLOSED" } });
        continue;
      }
      if (request.type === "close") {
        open = false;
        results.push({ type: "ok", response: { type: "close" } });
        continue;
      }
      try {
        results.push({ type: "ok", response: await this.run(stream, name, request) });
      } catch (err) {
        const error = err instanceof StatementError ? err.toHrana() : { message: String(err), code: "UNKNOWN" };
        results.push({ type: "error", error });
      }
    }
    let baton: string | null = null;
    if (open) {
      baton = randomBytes(18).toString("base64url");
      stream.lastUsed = Date.now();
      this.streams.set(baton, stream);
    } else {
      release(stream.db);
    }
    this.answer(res, 200, { baton, base_url: null, results });
  }

  /** One request; a statement that finds another stream's write lock waits (asynchronously) and runs again. */
  private async run(stream: Stream, name: string, request: Exclude<StreamRequest, { type: "close" }>): Promise<unknown> {
    const started = Date.now();
    for (let attempt = 0; ; attempt += 1) {
      try {
        return this.runOnce(stream, name, request);
      } catch (err) {
        if (!isBusy(err) || stream.db.isTransaction || Date.now() - started > this.busyWaitMs) throw err;
        await sleep(Math.min(2 + attempt, 20));
      }
    }
  }

  private runOnce(stream: Stream, name: string, request: Exclude<StreamRequest, { type: "close" }>): unknown {
    const counts = this.countsFor(name);
    switch (request.type) {
      case "execute":
        this.counts.statements += 1;
        counts.statements += 1;
        return { type: "execute", result: executeStmt(stream.db, request.stmt, stream.sql) };
      case "batch":
        this.counts.statements += request.batch.steps.length;
        counts.statements += request.batch.steps.length;
        return { type: "batch", result: executeBatch(stream.db, request.batch.steps, stream.sql) };
      case "sequence": {
        const sql = request.sql ?? stream.sql.get(request.sql_id ?? -1);
        if (sql === undefined) throw new StatementError("Unknown sql_id", "SQL_NOT_FOUND");
        try {
          stream.db.exec(sql);
        } catch (err) {
          throw toStatementError(err);
        }
        return { type: "sequence" };
      }
      case "describe": {
        const sql = request.sql ?? stream.sql.get(request.sql_id ?? -1) ?? "";
        const cols = stream.db
          .prepare(sql)
          .columns()
          .map((c) => ({ name: c.name, decltype: c.type ?? null }));
        const readonly = /^\s*(select|explain|pragma\s+\w+\s*$)/i.test(sql);
        return { type: "describe", result: { params: [], cols, is_explain: /^\s*explain/i.test(sql), is_readonly: readonly } };
      }
      case "store_sql":
        stream.sql.set(request.sql_id, request.sql);
        return { type: "store_sql" };
      case "close_sql":
        stream.sql.delete(request.sql_id);
        return { type: "close_sql" };
      case "get_autocommit":
        return { type: "get_autocommit", is_autocommit: !stream.db.isTransaction };
    }
  }
}

/** The SQL a request runs, shortened to one line, for traces (`stored` learns the request's store_sql). */
function sqlOfRequest(request: StreamRequest, stored: Map<number, string>): string[] {
  const text = (sql: string | null | undefined, id: number | null | undefined) =>
    (sql ?? stored.get(id ?? -1) ?? "?").replace(/\s+/g, " ").slice(0, 160);
  if (request.type === "store_sql") stored.set(request.sql_id, request.sql);
  if (request.type === "execute") return [text(request.stmt.sql, request.stmt.sql_id)];
  if (request.type === "batch") return request.batch.steps.map((s) => text(s.stmt.sql, s.stmt.sql_id));
  if (request.type === "sequence") return [text(request.sql, request.sql_id)];
  return [];
}

/** Closes a connection; an open transaction on it rolls back, as when sqld closes a stream. */
function release(db: Connection): void {
  if (db.isOpen) db.close();
}

/** A stand-in server in a temp folder, started. */
export async function startLibsqlServer(options: Partial<LibsqlServerOptions> & { dir: string }): Promise<LibsqlServer> {
  const server = new LibsqlServer(options);
  await server.start();
  return server;
}
