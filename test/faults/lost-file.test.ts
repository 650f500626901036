import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../helpers/server.ts";
import { writerFor } from "./helpers.ts";

/**
 * The database file is gone at a restart (a volume not mounted, a wrong path) while the saved public
 * pages show this install served from it before: the server must not create an empty database
 * (which would publish "no incidents" and take writes meant for the real one). It stops and says so;
 * once the file is back it starts as before.
 */
const dir = mkdtempSync(path.join(tmpdir(), "clarion-lost-"));
const dbFile = path.join(dir, "clarion.db");
const env = { PUBLIC_CACHE_DIR: path.join(dir, "public-cache"), JOB_INTERVAL_SECONDS: "1" };
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const got = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (got !== undefined) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("a restart without the database file", () => {
  it("refuses to start on an empty database, says what to do, and starts again once the file is back", async () => {
    server = await startServer(env, { dbFile });
    const writer = await writerFor(server);
    expect((await writer.create("Kept component")).status).toBe(201);
    await until("the page with the component", async () =>
      (await (await fetch(`${server?.url}/`)).text()).includes("Kept component") ? true : undefined,
    );
    await until("saved pages", () =>
      readdirSync(env.PUBLIC_CACHE_DIR, { recursive: true }).some((f) => String(f).endsWith(".page")) ? true : undefined,
    );
    await server.stop();
    server = undefined;

    const away = path.join(dir, "elsewhere");
    for (const suffix of ["", "-wal", "-shm"]) if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, away + suffix);
    const failed = await startServer(env, { dbFile }).then(
      (s) => {
        server = s;
        return "";
      },
      (err: Error) => err.message,
    );
    expect(failed).toContain("server exited early");
    expect(failed).toContain(`The database file ${dbFile} is missing, but this server has served pages from it before`);
    expect(failed).toContain("restore --from");
    expect(existsSync(dbFile), "no empty database was created in its place").toBe(false);

    for (const suffix of ["", "-wal", "-shm"]) if (existsSync(away + suffix)) renameSync(away + suffix, dbFile + suffix);
    server = await startServer(env, { dbFile });
    expect(await (await fetch(`${server.url}/`)).text()).toContain("Kept component");
  });
});
