import { spawn } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { importJob, subscriber } from "../../db/schema/index.ts";
import { runImportJob } from "../../src/services/subscribers/import-job.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

const root = path.resolve(import.meta.dirname, "../..");
const ROWS = 20_000;
let deps: TestDeps;
beforeAll(async () => {
  deps = await createTestDeps({ now: new Date().toISOString() });
});
afterAll(() => deps.testDb.destroy());

describe("SIGTERM during a 20,000-row import", () => {
  it("stops at a chunk boundary, exits 0, reports exactly what was imported, and resumes to the end", async () => {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, "import-child.ts")], {
      cwd: root,
      env: { PATH: process.env.PATH, DATABASE_URL: `file:${deps.testDb.file}`, PUBLIC_URL: "http://status.test", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    const exited = new Promise<number | null>((r) => child.once("exit", r));
    await vi.waitFor(() => expect(out).toContain("started"), { timeout: 30_000, interval: 50 });
    const id = out.match(/started (\w+)/)?.[1] as string;
    // Let at least one chunk commit, then stop it mid-way.
    await vi.waitFor(
      async () => {
        const [job] = await deps.db.select().from(importJob).where(eq(importJob.id, id));
        expect(job?.cursor).toBeGreaterThan(0);
      },
      { timeout: 30_000, interval: 20 },
    );
    const signalledAt = performance.now();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("stopped");
    expect(performance.now() - signalledAt).toBeLessThan(9_000);

    const [job] = await deps.db.select().from(importJob).where(eq(importJob.id, id));
    const imported = await deps.db.$count(subscriber);
    expect(job?.state).toBe("running");
    expect(job?.cursor).toBeLessThan(ROWS);
    expect(job?.cursor).toBe(imported);
    expect(job?.added).toBe(imported);
    expect(job?.leaseOwner).toBeNull();

    const resumed = await runImportJob(deps, id, "resumer");
    expect(resumed).toMatchObject({ state: "done", total: ROWS, processed: ROWS, added: ROWS, failed: 0 });
    expect(await deps.db.$count(subscriber)).toBe(ROWS);
  }, 120_000);
});
