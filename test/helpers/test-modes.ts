import { it, type TestFunction } from "vitest";
import { REMOTE } from "./db.ts";

/*
 * Test modes for `npm run test:remote`, kept apart from db.ts so benches and scripts that use
 * db.ts do not load vitest.
 */

/**
 * A test about the local file itself (its PRAGMAs, WAL, the file guard, VACUUM INTO): run on a
 * file, skipped against the stand-in with the reason in its name. Give it a remote counterpart
 * wherever the behaviour matters on a libSQL server too.
 */
export function itFileOnly(reason: string): (name: string, fn: TestFunction, timeout?: number) => void {
  return (name, fn, timeout) => (REMOTE ? it.skip(`${name} [file only: ${reason}]`, fn) : it(name, fn, timeout));
}

/** A test that only means something against a libSQL server (the stand-in): skipped on a local file. */
export function itRemoteOnly(name: string, fn: TestFunction, timeout?: number): void {
  if (REMOTE) it(name, fn, timeout);
  else it.skip(`${name} [remote only: run by npm run test:remote]`, fn);
}
