import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUSY_TIMEOUT_MS, connectionPragmas, createDb } from "../../db/client.ts";
import { migrate, migrationStatus, SchemaTooNewError } from "../../db/migrate.ts";
import { capturedEmail, component } from "../../db/schema/index.ts";
import { WriteInsideTransactionError } from "../../db/write-guard.ts";
import { createTestDb, diskMigrations, emptyDatabase, type TestDb } from "../helpers/db.ts";
import { itFileOnly, itRemoteOnly } from "../helpers/test-modes.ts";

let t: TestDb;
/** A captured-email row: the simplest table with no foreign keys, for transaction tests. */
const mail = (id: string) => ({
  id,
  to: "a@b.c",
  from: "x",
  subject: "s",
  html: "",
  text: "",
  headers: {},
  tags: {},
  createdAt: new Date(),
});
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.destroy());

describe("createDb", () => {
  const pragmasAreTheServers = itFileOnly("a libSQL server runs its own journal mode and lock waits; foreign keys are checked below");
  pragmasAreTheServers("runs WAL, a short busy_timeout and foreign keys", async () => {
    expect(await connectionPragmas(t.client)).toEqual({ journalMode: "wal", foreignKeys: true, busyTimeout: BUSY_TIMEOUT_MS });
  });

  pragmasAreTheServers("keeps those pragmas on connections opened during and after a transaction", async () => {
    const tx = await t.client.transaction("write");
    // The transaction holds one connection; this query needs another from the pool.
    expect(await connectionPragmas(t.client)).toMatchObject({ foreignKeys: true, busyTimeout: BUSY_TIMEOUT_MS, journalMode: "wal" });
    await tx.commit();
    await t.db.transaction(async (dtx) => {
      await dtx.insert(capturedEmail).values(mail("aaaaaaaaaaaa"));
    });
    expect(await connectionPragmas(t.client)).toMatchObject({ foreignKeys: true, busyTimeout: BUSY_TIMEOUT_MS });
  });

  it("enforces foreign keys", async () => {
    await expect(
      t.db
        .insert(component)
        .values({ id: "cccccccccccc", groupId: "nosuchgroup1", name: "API", createdAt: new Date(), updatedAt: new Date() }),
    ).rejects.toSatisfy((e: Error) => /FOREIGN KEY/.test(String(e.cause)));
  });

  itFileOnly("the remote client sends BEGIN with the first statement; see the counterpart below")(
    "begins write transactions IMMEDIATE: a second writer waits for the lock, not for a deadlock",
    async () => {
      // Its own file: a connection that met SQLITE_BUSY may keep its lock until the process ends.
      const own = await createTestDb();
      const other = createClient({ url: own.url, timeout: 50 });
      const tx = await own.client.transaction("write");
      // With BEGIN IMMEDIATE the write lock is taken at BEGIN, before any statement ran.
      await expect(other.execute("INSERT INTO app_state (key, value, updated_at) VALUES ('k', 'v', 1)")).rejects.toThrow(
        /SQLITE_BUSY|locked/,
      );
      await tx.rollback();
      other.close();
      own.destroy();
    },
  );

  itRemoteOnly(
    "on a libSQL server a write transaction holds the lock from its first statement: another instance's write waits",
    async () => {
      const own = await createTestDb();
      const other = createClient({ url: own.url }); // a second instance: its own client, no shared in-process lock
      const tx = await own.client.transaction("write");
      await tx.execute("SELECT 1"); // BEGIN IMMEDIATE travels with it
      let otherDone = false;
      const otherWrite = other.execute("INSERT INTO app_state (key, value, updated_at) VALUES ('theirs', 'v', 1)").then(() => {
        otherDone = true;
      });
      await sleep(200);
      expect(otherDone).toBe(false);
      await tx.execute("INSERT INTO app_state (key, value, updated_at) VALUES ('mine', 'v', 1)");
      await tx.commit();
      await otherWrite;
      const keys = (await own.client.execute("SELECT key FROM app_state WHERE key IN ('mine', 'theirs')")).rows.map((r) => r.key);
      expect(keys.sort()).toEqual(["mine", "theirs"]);
      other.close();
      own.destroy();
    },
  );

  it("rolls back the whole transaction when any statement fails", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.insert(capturedEmail).values(mail("bbbbbbbbbbbb"));
        await tx
          .insert(component)
          .values({ id: "dddddddddddd", groupId: "nosuchgroup1", name: "API", createdAt: new Date(), updatedAt: new Date() });
      }),
    ).rejects.toThrow();
    const rows = await t.db.select().from(capturedEmail);
    expect(rows.map((r) => r.id)).not.toContain("bbbbbbbbbbbb");
  });
});

describe("migrations", () => {
  it("are all applied and re-running applies nothing", async () => {
    expect((await migrationStatus(t.client, diskMigrations())).pending).toEqual([]);
    expect(await migrate(t.client, diskMigrations())).toEqual([]);
  });

  it("refuse a database that is newer than the code", async () => {
    const fresh = await createTestDb();
    await fresh.client.execute({ sql: "INSERT INTO _migrations (tag, applied_at) VALUES (?, ?)", args: ["9999_from_the_future", 1] });
    await expect(migrate(fresh.client, diskMigrations())).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(migrate(fresh.client, diskMigrations())).rejects.toThrow(/newer version of Clarion/);
    fresh.destroy();
  });

  it("run exactly once when two instances start at the same moment", async () => {
    const empty = emptyDatabase();
    const [a, b] = await Promise.all([createDb(empty.url), createDb(empty.url)]);
    const all = diskMigrations();
    const [byA, byB] = await Promise.all([migrate(a.client, all), migrate(b.client, all)]);
    expect([...byA, ...byB].sort()).toEqual(all.map((m) => m.tag).sort());
    expect((await a.client.execute("SELECT count(*) AS n FROM _migrations")).rows[0]?.n).toBe(all.length);
    expect((await migrationStatus(b.client, all)).pending).toEqual([]);
    a.close();
    b.close();
    empty.destroy();
  });

  it("creates every table on an empty file", async () => {
    const handle = await createDb(`file:${t.file}.fresh`);
    await migrate(handle.client, diskMigrations());
    const tables = await handle.client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    expect(tables.rows.map((r) => r.name)).toEqual(expect.arrayContaining(["captured_email", "team_member", "incident", "delivery"]));
    handle.close();
  });
});

describe("in-process write lock", () => {
  it("an outer write from inside a transaction fails at once instead of waiting for its own lock", async () => {
    const started = performance.now();
    await expect(
      t.db.transaction(async () => {
        await t.db.insert(capturedEmail).values(mail("eeeeeeeeeeee"));
      }),
    ).rejects.toBeInstanceOf(WriteInsideTransactionError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("concurrent transactions and autocommit writes take turns without stalling the event loop", async () => {
    const started = performance.now();
    const row = (i: number) => mail(`w${String(i).padStart(11, "0")}`);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? t.db.transaction(async (tx) => {
              await tx.insert(capturedEmail).values(row(i));
              await new Promise((r) => setTimeout(r, 2));
            })
          : t.db.insert(capturedEmail).values(row(i)),
      ),
    );
    expect(performance.now() - started).toBeLessThan(2000);
    const rows = await t.db.select().from(capturedEmail);
    expect(rows.filter((r) => r.id.startsWith("w"))).toHaveLength(40);
  });
});

describe("taking turns", () => {
  it("a long run of statements, in or out of a transaction, lets the event loop turn every few milliseconds", async () => {
    // Counted in statements, not wall time, so a busy machine cannot fail it: a statement is tens of
    // microseconds here, a turn is due every 10 ms, so turns come every few hundred statements.
    // A loop that never yields sees no turn at all, however long it runs.
    for (const inTransaction of [false, true]) {
      let ticks = 0;
      let statements = 0;
      let sinceTurn = 0;
      let longest = 0;
      const timer = setInterval(() => {
        ticks++;
        longest = Math.max(longest, sinceTurn);
        sinceTurn = 0;
      }, 0);
      try {
        const loop = async (db: Pick<typeof t.db, "select">) => {
          while (ticks < 10 && statements < 20_000) {
            await db.select().from(component);
            statements++;
            sinceTurn++;
          }
        };
        if (inTransaction) await t.db.transaction(loop);
        else await loop(t.db);
      } finally {
        clearInterval(timer);
      }
      const label = inTransaction ? "in a transaction" : "autocommit";
      expect(ticks, `${label}: turns in ${statements} statements`).toBeGreaterThanOrEqual(10);
      expect(longest, `${label}: most statements between two turns`).toBeLessThan(5_000);
    }
  });
});

describe("readiness", () => {
  it("reads migration status without writing: a fresh file stays empty, and pending migrations show", async () => {
    const handle = await createDb(`file:${t.file}.probe`);
    const status = await migrationStatus(handle.client, diskMigrations());
    expect(status.applied).toEqual([]);
    expect(status.pending.length).toBeGreaterThan(0);
    const tables = await handle.client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    expect(tables.rows).toEqual([]);
    handle.close();
  });
});
