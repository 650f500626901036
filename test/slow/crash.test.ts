import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { delivery, notification } from "../../db/schema/index.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeAudience, makeSubscribers, publishIncident } from "../helpers/factories.ts";
import { FAKE_CHAT_PATHS, type FakeChat, startFakeChat } from "../helpers/fake-chat.ts";
import { FakeResend } from "../helpers/fake-resend.ts";

const root = path.resolve(import.meta.dirname, "../..");
const SUBSCRIBERS = 5000;
/** Chat channels and webhooks beside the emails: a mixed-channel fan-out. */
const URL_SUBSCRIBERS = 250;
const URL_CHANNELS = ["slack", "teams", "discord", "google_chat", "webhook"] as const;
let fake: FakeResend;
let chat: FakeChat;
let deps: TestDeps;

beforeAll(async () => {
  fake = await new FakeResend({ ratePerSecond: 40 }).start();
  chat = await startFakeChat();
  deps = await createTestDeps({ now: new Date().toISOString() });
});
afterAll(async () => {
  await fake.stop();
  await chat.close();
  deps.testDb.destroy();
});

/** Starts `node src/cli/worker.ts` against the test database and the fake Resend; resolves once it is running. */
async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "src/cli/worker.ts")], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: `file:${deps.testDb.file}`,
      PUBLIC_URL: "http://status.test",
      RESEND_API_KEY: "re_crash_test",
      RESEND_BASE_URL: fake.url,
      DISPATCHER_LEASE_SECONDS: "2",
      WEBHOOK_ALLOW_PRIVATE: "true",
      DISPATCHER_LANES: "3",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("worker started")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker exited early with ${code}`)));
  });
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

async function unfinished(): Promise<number> {
  const open = await deps.db
    .select({ id: delivery.id })
    .from(delivery)
    .where(inArray(delivery.state, ["pending", "sending"]));
  const unexpanded = (await deps.db.select().from(notification)).filter((n) => !n.expandedAt);
  return open.length + unexpanded.length;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** mulberry32: a small seeded generator, so a failing kill schedule can be replayed with CRASH_SEED=<seed>. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const random = seeded(SEED);
/** Milliseconds each round lets two workers run before both are SIGKILLed. */
const KILL_SCHEDULE = Array.from({ length: 8 }, () => 200 + Math.floor(random() * 2500));

describe("crash test: SIGKILL the dispatcher process at random points during a mixed-channel fan-out", () => {
  it(`every subscriber gets exactly one message per update on their channel, and only their audience's words (CRASH_SEED=${SEED})`, async () => {
    const acme = await makeAudience(deps, "acme", [], 10);
    const partners = await makeAudience(deps, "partners", [], 20);
    const audienceOf = (i: number) => (i % 5 === 0 ? "acme" : i % 7 === 0 ? "partners" : null);
    await makeSubscribers(
      deps,
      Array.from({ length: SUBSCRIBERS }, (_, i) => ({
        email: `s${i}@example.com`,
        audiences: audienceOf(i) === "acme" ? [acme] : audienceOf(i) === "partners" ? [partners] : [],
      })),
    );
    await makeSubscribers(
      deps,
      Array.from({ length: URL_SUBSCRIBERS }, (_, i) => {
        const channel = URL_CHANNELS[i % URL_CHANNELS.length] as (typeof URL_CHANNELS)[number];
        return { channel, email: `${chat.url}${FAKE_CHAT_PATHS[channel].path}?n=${i}` };
      }),
    );
    const variants = { acme: "ACME-VARIANT words", partners: "PARTNER-VARIANT words" };
    await publishIncident(deps, { title: "Incident One", body: "PUBLIC-ONE words", variants });
    await publishIncident(deps, { title: "Incident Two", body: "PUBLIC-TWO words", variants, internal: "INTERNAL-CANARY" });

    // Two dispatcher processes at a time (leases keep them apart), both SIGKILLed at a random moment.
    console.info(`crash test: CRASH_SEED=${SEED} kill schedule (ms) ${JSON.stringify(KILL_SCHEDULE)}`);
    let kills = 0;
    for (const runMs of KILL_SCHEDULE) {
      const workers = await Promise.all([startWorker(), startWorker()]);
      await sleep(runMs);
      for (const w of workers) await kill(w, "SIGKILL");
      kills += workers.length;
    }
    // Then let two finish whatever the kills interrupted (their leases expire after 2 s).
    const last = await Promise.all([startWorker(), startWorker()]);
    for (let i = 0; i < 240 && (await unfinished()) > 0; i++) await sleep(250);
    for (const w of last) await kill(w, "SIGTERM");

    expect(kills).toBe(16);
    expect(fake.accepted.length).toBe(SUBSCRIBERS * 2);
    expect(await unfinished()).toBe(0);
    const perKey = new Map<string, number>();
    for (const e of fake.accepted) {
      expect(e.to).toHaveLength(1);
      const incident = e.subject.includes("Incident One") ? "one" : "two";
      const key = `${e.to[0]}|${incident}`;
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
      const i = Number(e.to[0]?.match(/^s(\d+)@/)?.[1]);
      const audience = audienceOf(i);
      const text = `${e.text}${e.html}`;
      expect(text.includes("ACME-VARIANT")).toBe(audience === "acme");
      expect(text.includes("PARTNER-VARIANT")).toBe(audience === "partners");
      expect(text).not.toContain("INTERNAL-CANARY");
    }
    expect(perKey.size).toBe(SUBSCRIBERS * 2);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    // Retries after a kill reached the provider again with the same key (deduplicated there).
    const keys = fake.requests.filter((r) => r.status === 200).map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(100);

    // Chat and webhook receivers: one message per subscriber and update, by its Idempotency-Key.
    // A retry after a kill between the POST and its record is the same request with the same key;
    // a receiver that honours the key (a webhook) sees it once. Slack, Teams, Discord and Google Chat
    // ignore the header, so for them such a retry would show twice: counted below, and rare.
    const chatKeys = new Map<string, Set<string>>();
    for (const post of chat.posts) {
      const n = new URL(post.path, chat.url).searchParams.get("n");
      const text = JSON.stringify(post.body);
      expect(text).not.toMatch(/INTERNAL-CANARY|ACME-VARIANT|PARTNER-VARIANT/);
      const incident = text.includes("Incident One") ? "one" : text.includes("Incident Two") ? "two" : "other";
      const key = `${post.service}|${n}|${incident}`;
      chatKeys.set(key, (chatKeys.get(key) ?? new Set()).add(String(post.headers["idempotency-key"])));
    }
    expect([...chatKeys.keys()].filter((k) => k.endsWith("|other"))).toEqual([]);
    expect(chatKeys.size).toBe(URL_SUBSCRIBERS * 2);
    expect([...chatKeys.values()].every((k) => k.size === 1)).toBe(true);
    const repeats = chat.posts.length - chatKeys.size;
    console.info(`crash test: ${chat.posts.length} chat/webhook posts for ${chatKeys.size} messages (${repeats} same-key retries)`);
  }, 240_000);
});
