import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/lib/logger.ts";
import { buildEntry } from "../../src/server/cache.ts";
import { LAST_KNOWN_GOOD_MAX, LastKnownGood } from "../../src/server/last-known-good.ts";

const base = mkdtempSync(path.join(tmpdir(), "clarion-lkg-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const page = (body: string, status = 200) => buildEntry(status, { "Content-Type": "text/html; charset=utf-8" }, Buffer.from(body), 7);
const files = (store: LastKnownGood) => readdirSync(store.dir).filter((f) => f.endsWith(".page"));

describe("last known good public pages on disk", () => {
  it("survive a restart: what one process saved, the next one serves", () => {
    const first = new LastKnownGood(base, "http://db.internal:8080/a/", silentLogger);
    first.remember("anon /", page("<h1>All systems operational</h1>"));
    first.remember("anon /api/v2/status.json", page('{"status":"none"}'));
    first.flush();
    const next = new LastKnownGood(base, "http://db.internal:8080/a/", silentLogger).load();
    expect(next.size).toBe(2);
    expect(next.get("anon /")?.identity.toString()).toBe("<h1>All systems operational</h1>");
    expect(next.get("anon /")?.headers["Content-Type"]).toBe("text/html; charset=utf-8");
    expect(next.get("anon /api/v2/status.json")?.etag).toBe(page('{"status":"none"}').etag);
  });

  it("keeps each database's pages apart (two servers, or a test's, never serve each other's)", () => {
    const other = new LastKnownGood(base, "http://db.internal:8080/b/", silentLogger).load();
    expect(other.size).toBe(0);
    expect(other.get("anon /")).toBeUndefined();
  });

  it("keeps good answers only, and writes a page again only when it changed", () => {
    const store = new LastKnownGood(base, "file:./c.db", silentLogger);
    store.remember("anon /gone", page("not here", 404));
    store.remember("anon /", page("v1"));
    store.flush();
    expect(files(store)).toHaveLength(1);
    const [file] = files(store);
    writeFileSync(path.join(store.dir, file as string), "tampered, so a rewrite would show");
    store.remember("anon /", page("v1"));
    store.flush();
    expect(new LastKnownGood(base, "file:./c.db", silentLogger).load().size).toBe(0); // unreadable file skipped, not rewritten
    store.remember("anon /", page("v2"));
    store.flush();
    expect(new LastKnownGood(base, "file:./c.db", silentLogger).load().get("anon /")?.identity.toString()).toBe("v2");
  });

  it("is bounded: new keys past the limit are not kept", () => {
    const store = new LastKnownGood(base, "file:./many.db", silentLogger);
    for (let i = 0; i < LAST_KNOWN_GOOD_MAX + 20; i++) store.remember(`anon /components/${i}`, page(`c${i}`));
    store.flush();
    expect(store.size).toBe(LAST_KNOWN_GOOD_MAX);
    expect(files(store)).toHaveLength(LAST_KNOWN_GOOD_MAX);
  });
});
