/**
 * `npm run bench:remote`: the product on a libSQL server — the Hrana stand-in in its own process,
 * adding a delay to every round trip — at 1 ms and 10 ms (BENCH_DELAYS="1,10"). Prints:
 * - publish p50/p99: an update with 3 variants through the admin API (BENCH_RUNS, default 40);
 * - first render of `/` after a write: the status page model built cold right after a publish,
 *   which is all of the first render's database work (HTML rendering is local CPU: bench:page);
 * - fan-out: emails/s to BENCH_SUBSCRIBERS (default 20,000) through the dispatcher (4 lanes) and
 *   the real Resend SDK against the fake Resend allowing 10 requests/s × 100 emails (1,000/s).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Worker } from "node:worker_threads";
import { eq, isNull, sql } from "drizzle-orm";
import { createDb } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { delivery, notification } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import type { Deps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { resendMailer } from "../../src/notify/mailer.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { ANONYMOUS } from "../../src/projection/index.ts";
import { loadStatusPage } from "../../src/services/public/page.ts";
import { createMember } from "../helpers/actors.ts";
import { diskMigrations } from "../helpers/db.ts";
import { makeAudience, makeComponent, makeGroup, makeSubscribers } from "../helpers/factories.ts";

const DELAYS = (process.env.BENCH_DELAYS ?? "1,10").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 20_000);
const FIRST_RENDERS = 9;
const LANES = Number(process.env.BENCH_LANES ?? 4);
const log = (line: string) => process.stdout.write(`${line}\n`);
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
};

async function startStandIn(dir: string, delayMs: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "libsql-server-process.ts"), dir, String(delayMs)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(createInterface({ input: child.stdout as NodeJS.ReadableStream }), "line")) as [string];
  return { url: line.trim(), child };
}

/** CPU seconds a process has used (user + system), from /proc: is the stand-in the bottleneck? */
function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startFakeResend(): Promise<{ url: string; accepted: () => number; rejected: () => number; stop(): Promise<void> }> {
  const counts = new SharedArrayBuffer(8);
  const thread = new Worker(new URL("./fake-resend-thread.ts", import.meta.url), { workerData: { ratePerSecond: 10, counts } });
  const url = ((await once(thread, "message")) as [{ url: string }])[0].url;
  return {
    url,
    accepted: () => Atomics.load(new Int32Array(counts), 0),
    rejected: () => Atomics.load(new Int32Array(counts), 1),
    async stop() {
      thread.postMessage("stop");
      await once(thread, "exit");
    },
  };
}

async function benchAt(delayMs: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "clarion-bench-remote-"));
  const standIn = await startStandIn(dir, delayMs);
  const fake = await startFakeResend();
  const url = `${standIn.url}/bench/`;
  const handle = await createDb(url);
  try {
    await migrate(handle.client, diskMigrations());
    const env = loadEnv({
      NODE_ENV: "test",
      DATABASE_URL: url,
      PUBLIC_URL: "http://status.test",
      RESEND_API_KEY: "re_bench",
      RESEND_BASE_URL: fake.url,
    });
    const deps: Deps = {
      db: handle.db,
      env,
      clock: systemClock,
      logger: silentLogger,
      mailer: resendMailer("re_bench", env.MAIL_FROM, fake.url),
    };

    const group = (await makeGroup(deps, { name: "Core" })).id;
    const components = [
      (await makeComponent(deps, { name: "API", groupId: group })).id,
      (await makeComponent(deps, { name: "Database", groupId: group })).id,
      (await makeComponent(deps, { name: "Dashboard" })).id,
      (await makeComponent(deps, { name: "Webhooks" })).id,
    ];
    const quiet = (await makeComponent(deps, { name: "Status probe (followed by nobody)" })).id;
    for (const slug of ["acme", "partners", "executives"]) await makeAudience(deps, slug, [`${slug}.example`]);
    let t = performance.now();
    await makeSubscribers(
      deps,
      Array.from({ length: SUBSCRIBERS }, (_, i) => ({
        email: `user${i}@example.com`,
        components: i % 4 === 0 ? [] : [components[i % components.length] as string],
        groups: i % 4 === 0 ? [group] : [],
      })),
    );
    const seeded = performance.now() - t;
    const admin = await createMember(deps, "admin");
    const api = createApi(deps);
    const post = async (path: string, body: unknown): Promise<{ ms: number; id: string }> => {
      const started = performance.now();
      const res = await api.request(`/api/admin${path}`, {
        method: "POST",
        headers: { ...admin.cookieHeaders, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      return { ms: performance.now() - started, id: ((await res.json()) as { id: string }).id };
    };

    // Publish: on an incident nobody follows, so the bench measures the request, not a fan-out.
    const probe = await post("/incidents", {
      title: "Bench",
      body: "Start.",
      visibility: "public",
      components: [{ id: quiet, status: "degraded_performance" }],
    });
    const variants = ["acme", "partners", "executives"].map((audience) => ({ audience, body: `For ${audience}: we are on it.` }));
    const publishMs: number[] = [];
    const renderMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const update = await post(`/incidents/${probe.id}/updates`, {
        status: i % 2 ? "identified" : "monitoring",
        body: `Update ${i}: we are working on it.`,
        variants,
        internalNote: `note ${i}`,
        components: [{ id: quiet, status: i % 2 ? "partial_outage" : "degraded_performance" }],
      });
      publishMs.push(update.ms);
      if (i < FIRST_RENDERS) {
        const started = performance.now();
        await loadStatusPage(deps, ANONYMOUS);
        renderMs.push(performance.now() - started);
      }
    }
    await deps.db.update(notification).set({ expandedAt: new Date() }).where(isNull(notification.expandedAt));

    // Fan-out: one incident on every followed component reaches every subscriber once.
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(2) });
    dispatcher.start(250, LANES);
    t = performance.now();
    const cpuBefore = { standIn: cpuSeconds(standIn.child.pid), bench: process.cpuUsage() };
    const outage = await post("/incidents", {
      title: "Elevated API errors",
      body: "We are investigating.",
      impact: "major",
      visibility: "public",
      components: components.map((id) => ({ id, status: "partial_outage" })),
      notify: true,
    });
    const marks: { at: number; accepted: number }[] = [];
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      marks.push({ at: performance.now(), accepted: fake.accepted() });
      if (fake.accepted() >= SUBSCRIBERS) break;
      if (performance.now() - t > 600_000) throw new Error(`fan-out unfinished after 10 min: ${fake.accepted()} of ${SUBSCRIBERS}`);
    }
    const fanoutS = (performance.now() - t) / 1000;
    const standInCpu = (cpuSeconds(standIn.child.pid) - cpuBefore.standIn) / fanoutS;
    const used = process.cpuUsage(cpuBefore.bench);
    const instanceCpu = (used.user + used.system) / 1e6 / fanoutS;
    await dispatcher.stop();
    const at = (fraction: number) => marks.find((m) => m.accepted >= SUBSCRIBERS * fraction) as { at: number; accepted: number };
    const from = at(0.1);
    const to = at(0.9);
    const sustained = ((to.accepted - from.accepted) / (to.at - from.at)) * 1000;
    const overall = (SUBSCRIBERS / ((marks.at(-1)?.at ?? t) - t)) * 1000;
    const [sent] = await deps.db.select({ n: sql<number>`count(*)` }).from(delivery).where(eq(delivery.incidentId, outage.id));
    log(
      JSON.stringify({
        roundTripMs: delayMs,
        publish: { runs: RUNS, p50Ms: Math.round(pct(publishMs, 0.5)), p99Ms: Math.round(pct(publishMs, 0.99)) },
        firstRenderAfterWrite: { runs: renderMs.length, p50Ms: Math.round(pct(renderMs, 0.5)), maxMs: Math.round(Math.max(...renderMs)) },
        fanout: {
          subscribers: SUBSCRIBERS,
          deliveries: sent?.n,
          sustainedEmailsPerSecond: Math.round(sustained),
          overallEmailsPerSecond: Math.round(overall),
          ofAllowed: `${Math.round((sustained / 1000) * 100)} %`,
          rejected429: fake.rejected(),
          lanes: LANES,
          // Share of one core each process used during the fan-out (the stand-in is single-threaded, sqld is not).
          cpu: { standIn: `${Math.round(standInCpu * 100)} %`, instance: `${Math.round(instanceCpu * 100)} %` },
        },
        seededInS: Number((seeded / 1000).toFixed(1)),
      }),
    );
  } finally {
    handle.close();
    await fake.stop();
    standIn.child.kill("SIGTERM");
    await once(standIn.child, "exit");
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const delay of DELAYS) await benchAt(delay);
