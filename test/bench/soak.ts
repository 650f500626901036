/**
 * `npm run bench:soak`: the send path under steady mixed writes for SOAK_SECONDS (default 300):
 * a published update every 2 s fanning out to every subscriber, 1 self-service signup (a
 * confirmation email) and 1 admin-added subscriber per second, drained by `npm run worker`
 * against the fake Resend on its own thread. Samples the worker's RSS every 5 s and prints the
 * slope per minute after a 60 s warm-up (least squares), the first and last RSS and the peak.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { loadEnv } from "../../src/env.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { capturedMailer } from "../../src/notify/mailer.ts";
import { SubscribeInput } from "../../src/services/subscribers/schemas.ts";
import { subscribe } from "../../src/services/subscribers/subscribe.ts";
import { createTestDb } from "../helpers/db.ts";
import { makeComponent, makeSubscribers, publishIncident, publishUpdate } from "../helpers/factories.ts";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const METRICS_PORT = Number(process.env.SOAK_METRICS_PORT ?? 19_464);
const WARMUP_SECONDS = Math.min(60, SECONDS / 3);
const root = path.resolve(import.meta.dirname, "../..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => process.stdout.write(`${msg}\n`);

const testDb = await createTestDb();
const env = loadEnv({ NODE_ENV: "test", DATABASE_URL: testDb.url, PUBLIC_URL: "http://status.test" });
const deps = {
  db: testDb.db,
  env,
  clock: systemClock,
  logger: silentLogger,
  mailer: capturedMailer(testDb.db, systemClock, env.MAIL_FROM),
};
const api = (await makeComponent(deps, { name: "API" })).id;
await makeSubscribers(
  deps,
  Array.from({ length: 500 }, (_, i) => ({ email: `soak${i}@example.com` })),
);
const counts = new SharedArrayBuffer(8);
const fakeThread = new Worker(new URL("./fake-resend-thread.ts", import.meta.url), { workerData: { ratePerSecond: 50, counts } });
const fakeUrl = ((await once(fakeThread, "message")) as [{ url: string }])[0].url;
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? "--max-semi-space-size=4 --max-old-space-size=160").split(" ").filter(Boolean);
const worker = spawn(process.execPath, [...nodeFlags, path.join(root, "src/cli/worker.ts")], {
  cwd: root,
  env: {
    PATH: process.env.PATH,
    DATABASE_URL: testDb.url,
    PUBLIC_URL: "http://status.test",
    RESEND_API_KEY: "re_soak",
    RESEND_BASE_URL: fakeUrl,
    LOG_LEVEL: "warn",
    WORKER_METRICS_PORT: String(METRICS_PORT),
  },
  stdio: ["ignore", "inherit", "inherit"],
});
const heapMb = async () => {
  const text = await (await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`)).text();
  return Number(text.match(/clarion_process_heap_used_bytes (\d+)/)?.[1] ?? 0) / 1048576;
};
const rss = () => Number(readFileSync(`/proc/${worker.pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;

const { incidentId } = await publishIncident(deps, { body: "Soak starts", components: [api] });
const started = performance.now();
const samples: { t: number; mb: number; heap: number }[] = [];
let tick = 0;
while (performance.now() - started < SECONDS * 1000) {
  await sleep(1000);
  tick++;
  await subscribe(deps, { actor: SYSTEM }, SubscribeInput.parse({ email: `signup${tick}@example.com` }));
  await makeSubscribers(deps, [{ email: `added${tick}@example.com` }]);
  if (tick % 2 === 0) await publishUpdate(deps, incidentId, { body: `Update ${tick}` });
  if (tick % 5 === 0) samples.push({ t: (performance.now() - started) / 1000, mb: rss(), heap: await heapMb().catch(() => 0) });
}
const after = samples.filter((s) => s.t >= WARMUP_SECONDS);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const mt = mean(after.map((s) => s.t));
const mm = mean(after.map((s) => s.mb));
const slope = after.reduce((a, s) => a + (s.t - mt) * (s.mb - mm), 0) / after.reduce((a, s) => a + (s.t - mt) ** 2, 0);
const accepted = Atomics.load(new Int32Array(counts), 0);
log(
  `soak ${SECONDS} s: worker RSS ${samples[0]?.mb.toFixed(0)} → ${samples.at(-1)?.mb.toFixed(0)} MB (peak ${Math.max(...samples.map((s) => s.mb)).toFixed(0)} MB), ` +
    `slope after ${WARMUP_SECONDS} s warm-up ${(slope * 60).toFixed(1)} MB/min; ${accepted} emails accepted`,
);
log(`heap used: ${samples.map((s) => s.heap.toFixed(0)).join(" ")} MB`);
log(`rss: ${samples.map((s) => s.mb.toFixed(0)).join(" ")} MB`);
worker.kill("SIGTERM");
await once(worker, "exit");
fakeThread.postMessage("stop");
testDb.destroy();
process.exit(0);
