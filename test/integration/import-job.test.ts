import { afterEach, describe, expect, it, vi } from "vitest";
import { auditEvent, subscriber } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { createImportJob, runImportJob } from "../../src/services/subscribers/import-job.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

let deps: TestDeps;
afterEach(() => deps?.testDb.destroy());

const csvOf = (n: number, extra = "") => `email\n${Array.from({ length: n }, (_, i) => `row${i}@example.com`).join("\n")}\n${extra}`;

describe("CSV import as a job", () => {
  it("a large import answers 202 at once; its progress is readable until it is done, with every bad row named", async () => {
    deps = await createTestDeps();
    const admin = await createMember(deps, "admin");
    const api = createApi(deps);
    const headers = { ...admin.cookieHeaders, "content-type": "application/json" };
    const csv = csvOf(2_500, "row7@example.com\nnot-an-email\n");
    const res = await api.request("/api/admin/subscribers/import", {
      method: "POST",
      headers,
      body: JSON.stringify({ csv, consent: true }),
    });
    expect(res.status).toBe(202);
    const started = await res.json();
    expect(started).toMatchObject({ state: "running", total: 2_502 });
    let job = started;
    await vi.waitFor(
      async () => {
        job = await (await api.request(`/api/admin/subscribers/imports/${started.id}`, { headers })).json();
        expect(job.state).toBe("done");
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(job).toMatchObject({ processed: 2_502, added: 2_500, failed: 2 });
    expect(job.rows.map((r: { line: number }) => r.line)).toEqual([2_502, 2_503]);
    expect(await deps.db.$count(subscriber)).toBe(2_500);
    expect(await deps.db.$count(auditEvent)).toBeGreaterThanOrEqual(2_500);
  });

  it("stopped between chunks, it keeps exactly the committed rows and resumes after them", async () => {
    deps = await createTestDeps();
    const job = await createImportJob(deps, { actor: SYSTEM }, { csv: csvOf(1_700), consent: true });
    const stop = new AbortController();
    const first = runImportJob(deps, job.id, "first", stop.signal);
    await vi.waitFor(async () => expect(await deps.db.$count(subscriber)).toBeGreaterThan(0), { interval: 1 });
    stop.abort();
    const stopped = await first;
    expect(stopped.state).toBe("running");
    expect(stopped.processed % 500).toBe(0);
    expect(await deps.db.$count(subscriber)).toBe(stopped.processed);
    const done = await runImportJob(deps, job.id, "second");
    expect(done).toMatchObject({ state: "done", processed: 1_700, added: 1_700, failed: 0 });
    expect(await deps.db.$count(subscriber)).toBe(1_700);
  });
});
