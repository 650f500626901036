import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Client, createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LibsqlServer, startLibsqlServer } from "../helpers/libsql-server.ts";

let server: LibsqlServer;
let dir: string;
const clients: Client[] = [];
function client(name: string): Client {
  const c = createClient({ url: server.databaseUrl(name) });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "clarion-hrana-"));
  server = await startLibsqlServer({ dir, streamIdleMs: 2000 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the libSQL server stand-in speaks Hrana over HTTP to @libsql/client", () => {
  it("executes statements with arguments and returns typed rows", async () => {
    const db = client("values");
    await db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)");
    const inserted = await db.execute({
      sql: "INSERT INTO t (name, score, data) VALUES (?, ?, ?)",
      args: ["ä ✓", 1.5, new Uint8Array([1, 2])],
    });
    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.lastInsertRowid).toBe(1n);
    const rows = (await db.execute({ sql: "SELECT id, name, score, data FROM t WHERE name = :name", args: { name: "ä ✓" } })).rows;
    expect(rows[0]?.id).toBe(1);
    expect(rows[0]?.name).toBe("ä ✓");
    expect(rows[0]?.score).toBe(1.5);
    expect([...new Uint8Array(rows[0]?.data as ArrayBuffer)]).toEqual([1, 2]);
    const returning = await db.execute({ sql: "INSERT INTO t (name) VALUES ('b'), ('c') RETURNING id", args: [] });
    expect(returning.rows.map((r) => r.id)).toEqual([2, 3]);
    expect(returning.rowsAffected).toBe(2);
  });

  it("runs batches atomically and interactive transactions on one stream", async () => {
    const db = client("tx");
    await db.executeMultiple("CREATE TABLE a (v INTEGER NOT NULL); CREATE TABLE b (v INTEGER UNIQUE);");
    await expect(db.batch(["INSERT INTO a VALUES (1)", "INSERT INTO a VALUES (NULL)"], "write")).rejects.toThrow(/NOT NULL/);
    expect((await db.execute("SELECT count(*) AS n FROM a")).rows[0]?.n).toBe(0);
    const tx = await db.transaction("write");
    await tx.execute("INSERT INTO a VALUES (7)");
    expect((await tx.execute("SELECT count(*) AS n FROM a")).rows[0]?.n).toBe(1);
    await tx.rollback();
    expect((await db.execute("SELECT count(*) AS n FROM a")).rows[0]?.n).toBe(0);
    const tx2 = await db.transaction("write");
    await tx2.execute("INSERT INTO a VALUES (8)");
    await tx2.commit();
    expect((await db.execute("SELECT v FROM a")).rows.map((r) => r.v)).toEqual([8]);
  });

  it("makes a second writer wait for the first transaction instead of failing, without blocking its own event loop", async () => {
    const one = client("locks");
    const two = client("locks");
    await one.execute("CREATE TABLE c (v INTEGER)");
    const tx = await one.transaction("write");
    await tx.execute("INSERT INTO c VALUES (1)");
    const waiting = two.execute("INSERT INTO c VALUES (2)");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await new Promise((r) => setTimeout(r, 100));
    await tx.commit();
    await waiting;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
    expect((await one.execute("SELECT v FROM c ORDER BY v")).rows.map((r) => r.v)).toEqual([1, 2]);
  });

  it("counts round trips: one pipeline per execute, one per batch", async () => {
    const db = client("counts");
    await db.execute("CREATE TABLE d (v INTEGER)");
    const before = { ...server.countsFor("counts") };
    await db.execute("INSERT INTO d VALUES (1)");
    await db.batch(["INSERT INTO d VALUES (2)", "INSERT INTO d VALUES (3)"], "write");
    const after = server.countsFor("counts");
    expect(after.pipelines - before.pipelines).toBe(2);
    expect(after.statements - before.statements).toBeGreaterThanOrEqual(3);
  });

  it("injects faults: a 5xx, a dropped stream mid-transaction, a round-trip delay", async () => {
    const db = client("faults");
    await db.execute("CREATE TABLE e (v INTEGER)");
    server.failNext(1, 503);
    await expect(db.execute("SELECT 1")).rejects.toThrow(/Injected server failure/);
    expect((await db.execute("SELECT 1 AS one")).rows[0]?.one).toBe(1);

    const tx = await db.transaction("write");
    await tx.execute("INSERT INTO e VALUES (1)");
    server.dropStreams();
    await expect(tx.execute("INSERT INTO e VALUES (2)")).rejects.toThrow();
    tx.close();
    expect((await db.execute("SELECT count(*) AS n FROM e")).rows[0]?.n).toBe(0);

    server.delayMs = 30;
    const started = performance.now();
    await db.execute("SELECT 1");
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    server.delayMs = 0;
  });

  it("closes a stream left idle, rolling back its transaction", async () => {
    const db = client("idle");
    await db.execute("CREATE TABLE f (v INTEGER)");
    const tx = await db.transaction("write");
    await tx.execute("INSERT INTO f VALUES (1)");
    await new Promise((r) => setTimeout(r, 3500));
    await expect(tx.execute("SELECT 1")).rejects.toThrow();
    tx.close();
    await db.execute("INSERT INTO f VALUES (2)");
    expect((await db.execute("SELECT v FROM f")).rows.map((r) => r.v)).toEqual([2]);
  });
});
