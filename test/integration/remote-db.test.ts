import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { DatabaseFaultError } from "../../db/faults.ts";
import { migrate } from "../../db/migrate.ts";
import { capturedEmail } from "../../db/schema/index.ts";
import { databaseFaultError } from "../../src/lib/errors.ts";
import { checkReadiness } from "../../src/server/health.ts";
import { diskMigrations } from "../helpers/db.ts";
import { type LibsqlServer, startLibsqlServer } from "../helpers/libsql-server.ts";

/**
 * The product on a libSQL server when the server misbehaves: its own stand-in (in-process, so the
 * normal suite runs this too) to inject 5xx answers and dropped streams without disturbing others.
 */
let server: LibsqlServer;
let dir: string;
let handle: DbHandle;
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
  dir = mkdtempSync(path.join(tmpdir(), "clarion-remote-db-"));
  server = await startLibsqlServer({ dir });
  handle = await createDb(server.databaseUrl("faults"));
  await migrate(handle.client, diskMigrations());
});
afterAll(async () => {
  handle.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("a remote database", () => {
  it("reports itself honestly in readiness: a server and a round trip, not a journal mode it does not control", async () => {
    const ready = await checkReadiness(handle.client, diskMigrations());
    expect(ready.ok).toBe(true);
    expect(ready.checks.database).toMatchObject({ ok: true, kind: "remote", server: server.url });
    expect(ready.checks.database.journalMode).toBeUndefined();
    expect(ready.checks.database.roundTripMs).toBeGreaterThanOrEqual(0);
  });

  it("a server answering 5xx fails a write as 'unreachable' (a 503, not a 500), shows in readiness, and recovers by itself", async () => {
    server.failNext(1, 503);
    const failed = await handle.db
      .insert(capturedEmail)
      .values(mail("r5xx00000001"))
      .catch((e: unknown) => e);
    expect(databaseFaultError(failed)).toMatchObject({ code: "database_unavailable", status: 503 });
    expect((await checkReadiness(handle.client, diskMigrations())).checks.writes).toMatchObject({ ok: false, fault: "unreachable" });
    await handle.db.insert(capturedEmail).values(mail("r5xx00000002"));
    expect((await checkReadiness(handle.client, diskMigrations())).ok).toBe(true);
  });

  it("a dropped stream fails the open transaction whole, and the next one works", async () => {
    const attempt = handle.db.transaction(async (tx) => {
      await tx.insert(capturedEmail).values(mail("rdrop0000001"));
      server.dropStreams();
      await tx.insert(capturedEmail).values(mail("rdrop0000002"));
    });
    await expect(attempt).rejects.toSatisfy((e: unknown) => databaseFaultError(e) !== null);
    const ids = (await handle.db.select({ id: capturedEmail.id }).from(capturedEmail)).map((r) => r.id);
    expect(ids.filter((id) => id.startsWith("rdrop"))).toEqual([]);
    await handle.db.transaction(async (tx) => {
      await tx.insert(capturedEmail).values(mail("rdrop0000003"));
    });
  });

  it("a server nobody answers on is 'unreachable' with words that say what to check", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const nowhere = await createDb(`http://127.0.0.1:${port}/nowhere/`);
    const failed = await nowhere.client.execute("INSERT INTO x VALUES (1)").catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(DatabaseFaultError);
    expect((failed as DatabaseFaultError).fault).toBe("unreachable");
    const ready = await checkReadiness(nowhere.client, diskMigrations());
    expect(ready.ok).toBe(false);
    expect(ready.checks.database.error).toMatch(/cannot be reached.*DATABASE_URL/);
    nowhere.close();
  });
});
