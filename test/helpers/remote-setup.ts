import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type LibsqlServer, startLibsqlServer } from "./libsql-server.ts";

/**
 * Global setup of `npm run test:remote`: one libSQL server stand-in for the whole run; each test
 * file's createTestDb() makes its own database on it. Round-trip delay: CLARION_TEST_LIBSQL_DELAY_MS.
 */
let server: LibsqlServer | undefined;
let dir = "";

export async function setup(): Promise<void> {
  dir = mkdtempSync(path.join(tmpdir(), "clarion-remote-"));
  server = await startLibsqlServer({ dir, delayMs: Number(process.env.CLARION_TEST_LIBSQL_DELAY_MS ?? 0) });
  process.env.CLARION_TEST_LIBSQL_URL = server.url;
  process.env.CLARION_TEST_LIBSQL_DIR = dir;
}

export async function teardown(): Promise<void> {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
