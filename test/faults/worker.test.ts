import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeSubscribers, publishIncident } from "../helpers/factories-delivery.ts";
import { FakeResend } from "../helpers/fake-resend.ts";

const root = path.resolve(import.meta.dirname, "../..");
let fake: FakeResend;
let deps: TestDeps;
beforeAll(async () => {
  fake = await new FakeResend().start();
  deps = await createTestDeps({ now: new Date().toISOString() });
});
afterAll(async () => {
  await fake.stop();
  deps.testDb.destroy();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function startWorker(port: number): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(root, "src/cli/worker.ts")], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: `file:${deps.testDb.file}`,
      PUBLIC_URL: "http://status.test",
      RESEND_API_KEY: "re_worker_test",
      RESEND_BASE_URL: fake.url,
      DISPATCHER_LANES: "1",
      WORKER_METRICS_PORT: String(port),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { child, exited: new Promise((r) => child.once("exit", r)) };
}

describe("npm run worker", () => {
  it("serves /metrics with the provider series, and stops within its grace while waiting out a retry-after", async () => {
    // Two batches: after the first is refused, the second waits in the rate bucket for the retry-after.
    await makeSubscribers(
      deps,
      Array.from({ length: 150 }, (_, i) => ({ email: `w${i}@example.com` })),
    );
    await publishIncident(deps, { body: "Worker" });
    fake.ratePerSecond = 0; // every request is refused with 429 ...
    fake.retryAfterSeconds = 120; // ... and the worker is told to wait two minutes
    const port = await freePort();
    const { child, exited } = startWorker(port);
    await vi.waitFor(() => expect(fake.requests.some((r) => r.status === 429)).toBe(true), { timeout: 60_000, interval: 100 });
    let text = "";
    await vi.waitFor(
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        text = await res.text();
        expect(res.status).toBe(200);
        expect(text).toContain('clarion_provider_requests_total{provider="resend",result="rate_limited"}');
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(text).toMatch(/clarion_deliveries|clarion_outbox|clarion_delivery/);
    const signalledAt = performance.now();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(performance.now() - signalledAt).toBeLessThan(10_000);
  }, 120_000);
});
