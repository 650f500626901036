import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, ReplicaSyncError } from "../../db/client.ts";
import { EnvError, loadEnv } from "../../src/env.ts";

/**
 * Embedded replicas (DATABASE_SYNC_URL) need a libSQL server's replication protocol, which no
 * server on these machines speaks (see the Scale-out guide): what is verified here is that every
 * misconfiguration we can produce stops start-up with words that say what to fix.
 */
const dir = mkdtempSync(path.join(tmpdir(), "clarion-replica-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill();
  rmSync(dir, { recursive: true, force: true });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** The Hrana stand-in in another process: the driver's first sync blocks this one's event loop. */
async function standInElsewhere(): Promise<string> {
  const helper = path.resolve(import.meta.dirname, "../helpers/libsql-server.ts");
  const script = `import { startLibsqlServer } from ${JSON.stringify(helper)}; const s = await startLibsqlServer({ dir: ${JSON.stringify(dir)} }); console.log(s.url);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`stand-in exited with ${code}`)));
  });
}

describe("DATABASE_SYNC_URL misconfigured", () => {
  it("with a DATABASE_URL that is not a local file: the environment is refused, saying what to set", () => {
    const attempt = () =>
      loadEnv({ DATABASE_URL: "libsql://db.example.turso.io?authToken=secret", DATABASE_SYNC_URL: "libsql://db.example.turso.io" });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/DATABASE_SYNC_URL: is set, so DATABASE_URL must be the replica's local file/);
    expect(attempt).not.toThrow(/secret/);
  });

  it("that is not a server URL: refused", () => {
    expect(() => loadEnv({ DATABASE_URL: "file:./replica.db", DATABASE_SYNC_URL: "db.example.turso.io" })).toThrow(
      /DATABASE_SYNC_URL: must be the libSQL server's URL/,
    );
  });

  it("that nobody answers on: start-up stops with the reason", async () => {
    const syncUrl = `http://127.0.0.1:${await closedPort()}`;
    const attempt = createDb(`file:${path.join(dir, "a.db")}`, { syncUrl });
    await expect(attempt).rejects.toBeInstanceOf(ReplicaSyncError);
    await expect(attempt).rejects.toThrow(/DATABASE_SYNC_URL: the embedded replica could not sync from .*(refused|connect)/i);
  });

  it("that answers but does not replicate (a Hrana-only server): start-up stops instead of serving an empty page", async () => {
    const url = await standInElsewhere();
    const attempt = createDb(`file:${path.join(dir, "b.db")}`, { syncUrl: `${url}/primary/` });
    await expect(attempt).rejects.toBeInstanceOf(ReplicaSyncError);
    await expect(attempt).rejects.toThrow(/speaks the replication protocol/);
  }, 30_000);
});
