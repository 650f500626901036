/**
 * `npm run bench:fanout`: 100,000 confirmed subscribers across components, a group and
 * audiences, 10 % of them chat channels (Slack, Teams, Discord, Google Chat incoming webhooks on a
 * local fake; BENCH_CHAT_SHARE=0 for email only); one published update fans out to all of them
 * through `npm run worker` (a separate process, as in production) against the fake Resend allowing
 * 10 requests/s × 100 emails.
 * Reports expansion time, sustained dispatch throughput, the worker's peak RSS, and the
 * latency of publish requests made through the admin API while the fan-out runs.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { delivery, notification } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { loadEnv } from "../../src/env.ts";
import { LOCALES } from "../../src/i18n/locales.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { capturedMailer } from "../../src/notify/mailer.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDb } from "../helpers/db.ts";
import { makeAudience, makeComponent, makeGroup, makeSubscribers } from "../helpers/factories.ts";
import { FAKE_CHAT_PATHS, type FakeChatService } from "../helpers/fake-chat.ts";

if (process.argv[2] !== undefined && !/^\d+$/.test(process.argv[2])) {
  process.stdout.write("usage: npm run bench:fanout [-- <subscribers>]   (default 100000; BENCH_CHAT_SHARE=0.1 of them chat channels)\n");
  process.exit(process.argv[2] === "--help" ? 0 : 1);
}
const SUBSCRIBERS = Number(process.argv[2] ?? 100_000);
/** Every n-th subscriber is a chat channel (10 → 10 %); 0 for none. */
const CHAT_EVERY = Number(process.env.BENCH_CHAT_SHARE ?? 0.1) > 0 ? Math.round(1 / Number(process.env.BENCH_CHAT_SHARE ?? 0.1)) : 0;
const CHATS = ["slack", "teams", "discord", "google_chat"] as const;
/** BENCH_LANGUAGES=7: subscribers spread over the first n shipped languages, the update translated into each (rendered once per batch and language). */
const LANGUAGES = LOCALES.slice(0, Math.max(1, Math.min(LOCALES.length, Number(process.env.BENCH_LANGUAGES ?? 1))));
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

const group = (await makeGroup(deps, { name: "Core" })).id;
const components = [
  (await makeComponent(deps, { name: "API", groupId: group })).id,
  (await makeComponent(deps, { name: "Database", groupId: group })).id,
  (await makeComponent(deps, { name: "Dashboard" })).id,
  (await makeComponent(deps, { name: "Webhooks" })).id,
];
const quiet = (await makeComponent(deps, { name: "Status probe (followed by nobody)" })).id;
const audiences = [
  await makeAudience(deps, "acme", [], 10),
  await makeAudience(deps, "partners", [], 20),
  await makeAudience(deps, "executives", [], 30),
];
const chatCounts = new SharedArrayBuffer(4);
const chatThread = new Worker(new URL("./fake-chat-thread.ts", import.meta.url), { workerData: { counts: chatCounts } });
const chatUrl = ((await once(chatThread, "message")) as [{ url: string }])[0].url;
const chatAccepted = () => Atomics.load(new Int32Array(chatCounts), 0);
/** The four services in turn among the chat subscribers. */
const chatOf = (i: number): FakeChatService => CHATS[Math.floor(i / CHAT_EVERY) % CHATS.length] as FakeChatService;
const t = performance.now();
await makeSubscribers(
  deps,
  Array.from({ length: SUBSCRIBERS }, (_, i) => ({
    ...(CHAT_EVERY && i % CHAT_EVERY === 5 % CHAT_EVERY
      ? { channel: chatOf(i), email: `${chatUrl}${FAKE_CHAT_PATHS[chatOf(i)].path}?n=${i}` }
      : { email: `user${i}@example.com` }),
    components: i % 4 === 0 ? [] : [components[i % components.length] as string],
    groups: i % 4 === 0 ? [group] : [],
    audiences: i % 10 === 0 ? [audiences[i % 3] as string] : [],
    language: LANGUAGES[i % LANGUAGES.length],
  })),
);
log(`seeded ${SUBSCRIBERS} subscribers in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const counts = new SharedArrayBuffer(8);
const fakeThread = new Worker(new URL("./fake-resend-thread.ts", import.meta.url), { workerData: { ratePerSecond: 10, counts } });
const fake = {
  url: ((await once(fakeThread, "message")) as [{ url: string }])[0].url,
  get accepted() {
    return Atomics.load(new Int32Array(counts), 0);
  },
  get rejected() {
    return Atomics.load(new Int32Array(counts), 1);
  },
};
const admin = await createMember(deps, "admin");
const api = createApi(deps);
const post = async (url: string, body: unknown, method = "POST") => {
  const started = performance.now();
  const res = await api.request(url, {
    method,
    headers: { ...admin.cookieHeaders, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return { ms: performance.now() - started, json: (await res.json()) as { id: string } };
};

// The same Node flags as `npm run worker`: a small young generation keeps the worker's RSS flat.
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? "--max-semi-space-size=4 --max-old-space-size=160").split(" ").filter(Boolean);
async function startWorker() {
  const child = spawn(process.execPath, [...nodeFlags, path.join(root, "src/cli/worker.ts")], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: testDb.url,
      PUBLIC_URL: "http://status.test",
      RESEND_API_KEY: "re_bench",
      RESEND_BASE_URL: fake.url,
      WEBHOOK_ALLOW_PRIVATE: "true",
      LOG_LEVEL: "warn",
      ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  // If the harness throws (say, the 10-minute limit), the worker must not outlive it.
  process.once("exit", () => child.kill("SIGKILL"));
  await sleep(1500);
  if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}`);
  return child;
}
const early = LANGUAGES.length > 1 ? null : await startWorker();
if (LANGUAGES.length > 1) {
  // The page offers the languages and the update carries a translation into each, before any batch renders.
  await post("/api/admin/settings", { languages: LANGUAGES }, "PATCH");
}
const publish = await post("/api/admin/incidents", {
  title: "Elevated API errors",
  body: "We are investigating elevated error rates.",
  impact: "major",
  visibility: "public",
  components: components.map((id) => ({ id, status: "partial_outage" })),
  variants: [{ audience: "acme", body: "Your dedicated cluster is affected; your TAM will call." }],
  notify: true,
});
const publishedEarly = performance.now();
if (LANGUAGES.length > 1) {
  const list = await api.request(`/api/admin/incidents/${publish.json.id}/translations`, { headers: admin.cookieHeaders });
  const { texts } = (await list.json()) as { texts: { kind: string; targetId: string; audience: string | null }[] };
  for (const text of texts) {
    for (const language of LANGUAGES.slice(1)) {
      const words = `[${language}] Wir untersuchen erhöhte Fehlerraten — ${text.audience ?? "public"}.`;
      await post(
        `/api/admin/incidents/${publish.json.id}/translations`,
        { kind: text.kind, targetId: text.targetId, language, body: words },
        "PUT",
      );
    }
  }
  log(`translated ${texts.length} texts into ${LANGUAGES.length - 1} languages`);
}
// With translations, the fan-out starts when the worker does (so no batch renders before them).
const workerStarted = performance.now();
const worker = early ?? (await startWorker());
const publishedAt = early ? publishedEarly : workerStarted;
log(`publish request (starts the fan-out): ${publish.ms.toFixed(1)} ms`);

const latencies: number[] = [];
let peakRss = 0;
let expandedMs: number | null = null;
let total = 0;
let chatTotal = 0;
let chatDoneMs: number | null = null;
const marks: { at: number; accepted: number }[] = [];
for (;;) {
  // Each sample is a real publish (a new incident on a component nobody follows, notify on): the outbox row is written, fan-out is not on the request path.
  const sample = await post("/api/admin/incidents", {
    title: `Probe ${latencies.length}`,
    body: "Probe",
    visibility: "public",
    components: [{ id: quiet, status: "degraded_performance" }],
    notify: true,
  });
  latencies.push(sample.ms);
  const status = readFileSync(`/proc/${worker.pid}/status`, "utf8");
  peakRss = Math.max(peakRss, Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024);
  if (expandedMs === null) {
    const expanded = await deps.db
      .select({ id: notification.id })
      .from(notification)
      .where(and(eq(notification.incidentId, publish.json.id), isNotNull(notification.expandedAt)));
    if (expanded.length) {
      expandedMs = performance.now() - publishedAt;
      const byChannel = await deps.db
        .select({ channel: delivery.channel, c: sql<number>`count(*)` })
        .from(delivery)
        .where(eq(delivery.notificationId, expanded[0]?.id as string))
        .groupBy(delivery.channel);
      total = byChannel.find((r) => r.channel === "email")?.c ?? 0;
      chatTotal = byChannel.filter((r) => r.channel !== "email").reduce((n, r) => n + r.c, 0);
      log(`recipients expanded: ${total} emails and ${chatTotal} chat channels in ${(expandedMs / 1000).toFixed(2)} s`);
    }
  }
  marks.push({ at: performance.now(), accepted: fake.accepted });
  if (chatTotal && chatDoneMs === null && chatAccepted() >= chatTotal) chatDoneMs = performance.now() - publishedAt;
  if (total && fake.accepted >= total && chatAccepted() >= chatTotal) break;
  if (performance.now() - publishedAt > 600_000) throw new Error("fan-out did not finish in 10 minutes");
  await sleep(500);
}
worker.kill("SIGTERM");
await new Promise((r) => worker.once("exit", r));

const at = (fraction: number) => marks.find((m) => m.accepted >= total * fraction) as { at: number; accepted: number };
const from = at(0.1);
const to = at(0.9);
const sustained = ((to.accepted - from.accepted) / (to.at - from.at)) * 1000;
const overall = (total / ((marks.at(-1)?.at ?? 0) - publishedAt)) * 1000;
const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]?.toFixed(1);
const rejected = fake.rejected;
log(
  `dispatch: ${total} emails; sustained (10%→90%) ${sustained.toFixed(0)} emails/s; overall from publish ${overall.toFixed(0)} emails/s; 429s ${rejected}`,
);
if (chatTotal)
  log(`chat: ${chatAccepted()} posts to ${chatTotal} chat channels, all in ${((chatDoneMs ?? 0) / 1000).toFixed(1)} s from publish`);
log(`worker peak RSS: ${peakRss.toFixed(0)} MB`);
log(`publish requests during fan-out: n=${latencies.length} p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`);
fakeThread.postMessage("stop");
chatThread.postMessage("stop");
await Promise.all([once(fakeThread, "exit"), once(chatThread, "exit")]);
testDb.destroy();
