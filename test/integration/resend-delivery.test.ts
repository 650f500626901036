import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { delivery, deliveryBatch, notification } from "../../db/schema/index.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { resendMailer } from "../../src/notify/mailer.ts";
import { enqueueEmail } from "../../src/notify/outbox.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { listDeadLetters } from "../../src/services/deliveries/dead-letters.ts";
import { retryDeadLetter } from "../../src/services/deliveries/retry.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeSubscribers, publishIncident } from "../helpers/factories.ts";
import { FakeResend } from "../helpers/fake-resend.ts";

let fake: FakeResend;
let deps: TestDeps;
beforeAll(async () => {
  fake = await new FakeResend().start();
});
afterAll(() => fake.stop());
afterEach(() => {
  deps?.testDb.destroy();
  fake.failWith = null;
  fake.hang = false;
  fake.ratePerSecond = 1000;
});

async function setup(subscribers: number) {
  deps = await createTestDeps({
    env: { PUBLIC_URL: "https://status.test" },
    mailer: () => resendMailer("re_test_key", "Status <s@status.test>", fake.url),
  });
  await makeSubscribers(
    deps,
    Array.from({ length: subscribers }, (_, i) => ({ email: `user${i}@example.com` })),
  );
  const before = fake.accepted.length;
  return {
    accepted: () => fake.accepted.slice(before),
    requests: (() => {
      const r = fake.requests.length;
      return () => fake.requests.slice(r);
    })(),
  };
}

describe("delivery through the real resend SDK against the fake server", () => {
  it("fans out in batches of at most 100, one recipient per email, deterministic keys, tags with the delivery id", async () => {
    const { accepted, requests } = await setup(250);
    await publishIncident(deps, { body: "Batch me" });
    await createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();
    const sent = accepted();
    expect(sent).toHaveLength(250);
    expect(new Set(sent.map((e) => e.to[0])).size).toBe(250);
    for (const e of sent) {
      expect(e.to).toHaveLength(1);
      expect(e.tags?.find((t) => t.name === "delivery")?.value).toMatch(/^[0-9a-z]{12}$/);
      expect(e.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    }
    const batches = requests().filter((r) => r.path === "/emails/batch");
    expect(batches.map((b) => (b.body as unknown[]).length).sort()).toEqual([100, 100, 50]);
    expect(batches.every((b) => /^clarion-[0-9a-z]{12}-[0-9a-f]{24}$/.test(b.idempotencyKey ?? ""))).toBe(true);
  });

  it("429 storm: honours retry-after, never drops or duplicates", async () => {
    const { accepted, requests } = await setup(500);
    fake.ratePerSecond = 2;
    await publishIncident(deps, { body: "Storm" });
    // A bucket that starts far too fast: the fake answers 429 until it adapts and waits.
    const bucket = new RateBucket(50);
    await createDispatcher(deps, { bucket }).tick();
    for (let i = 0; i < 20 && accepted().length < 500; i++) {
      deps.clock.advance(120_000);
      await createDispatcher(deps, { bucket }).tick();
    }
    expect(requests().some((r) => r.status === 429)).toBe(true);
    expect(bucket.rate).toBeLessThanOrEqual(2);
    expect(accepted()).toHaveLength(500);
    expect(new Set(accepted().map((e) => e.to[0])).size).toBe(500);
  }, 60_000);

  it("provider down for minutes, then back: backs off, then sends everything once", async () => {
    const { accepted } = await setup(120);
    fake.failWith = 503;
    await publishIncident(deps, { body: "Outage" });
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    await dispatcher.tick();
    for (let minute = 0; minute < 10; minute++) {
      deps.clock.advance(60_000);
      await dispatcher.tick();
    }
    expect(accepted()).toHaveLength(0);
    const [batch] = await deps.db.select().from(deliveryBatch);
    expect(batch?.attempts).toBeGreaterThan(1);
    expect(batch?.state).toBe("sending");
    fake.failWith = null;
    for (let i = 0; i < 10 && accepted().length < 120; i++) {
      deps.clock.advance(15 * 60_000);
      await dispatcher.tick();
    }
    expect(accepted()).toHaveLength(120);
    expect(new Set(accepted().map((e) => e.idempotencyKey)).size).toBe(2);
  });

  it("a hanging provider is a network failure (retried), not a stuck dispatcher", async () => {
    const { accepted } = await setup(3);
    fake.hang = true;
    await publishIncident(deps, { body: "Hang" });
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000), sendTimeoutMs: 200 });
    await dispatcher.tick();
    const [batch] = await deps.db.select().from(deliveryBatch);
    expect(batch?.lastError).toContain("no answer");
    fake.hang = false;
    deps.clock.advance(60 * 60_000);
    await dispatcher.tick();
    expect(accepted()).toHaveLength(3);
  });

  it("gives up after 24 hours into a dead letter; a retry repeats the same request (a 5xx may have been accepted)", async () => {
    const { accepted, requests } = await setup(2);
    fake.failWith = 500;
    await publishIncident(deps, { body: "Dead" });
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    await dispatcher.tick();
    for (let h = 0; h < 26; h++) {
      deps.clock.advance(60 * 60_000);
      await dispatcher.tick();
    }
    const dead = await listDeadLetters(deps);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ type: "batch", recipients: 2 });
    const states = await deps.db.select({ state: delivery.state }).from(delivery);
    expect(states.every((s) => s.state === "dead")).toBe(true);
    fake.failWith = null;
    const admin = await createMember(deps, "admin");
    await retryDeadLetter(deps, admin.ctx, "batch", dead[0]?.id as string);
    expect(await listDeadLetters(deps)).toHaveLength(0);
    await dispatcher.tick();
    expect(accepted()).toHaveLength(2);
    const keys = new Set(
      requests()
        .filter((r) => r.path === "/emails/batch")
        .map((r) => r.idempotencyKey),
    );
    expect(keys.size).toBe(1);
  });

  it("a 4xx validation error is never retried: dead at once", async () => {
    await setup(0);
    fake.failWith = 422;
    await deps.db.transaction((tx) =>
      enqueueEmail(tx, deps.clock, "subscriber.confirm", { to: "x@example.com", subject: "s", html: "<p>h</p>", text: "t" }),
    );
    await createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();
    const [n] = await deps.db.select().from(notification);
    expect(n?.deadAt).not.toBeNull();
    expect(n?.attempts).toBe(1);
  });

  it("transactional mail goes ahead of a bulk fan-out already queued", async () => {
    const { accepted } = await setup(150);
    await publishIncident(deps, { body: "Bulk" });
    await deps.db.transaction((tx) =>
      enqueueEmail(tx, deps.clock, "subscriber.confirm", { to: "urgent@example.com", subject: "Confirm", html: "<p>c</p>", text: "c" }),
    );
    await createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();
    expect(accepted()[0]?.to).toEqual(["urgent@example.com"]);
    expect(accepted()).toHaveLength(151);
  });
});
