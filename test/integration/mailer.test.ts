import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedEmail } from "../../db/schema/index.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { capturedMailer, resendMailer } from "../../src/notify/mailer.ts";
import { enqueueEmail } from "../../src/notify/outbox.ts";
import { createTestDeps } from "../helpers/deps.ts";
import { FakeResend } from "../helpers/fake-resend.ts";

const email = {
  to: "ana@example.com",
  subject: "Hello",
  html: "<p>Hi</p>",
  text: "Hi",
  headers: { "List-Id": "<status.test>" },
  tags: { delivery: "d1" },
};

let fake: FakeResend;
beforeAll(async () => {
  fake = await new FakeResend({ ratePerSecond: 2 }).start();
});
afterAll(() => fake.stop());

describe("captured mailer", () => {
  it("stores every message with its headers", async () => {
    const deps = await createTestDeps();
    const outcome = await capturedMailer(deps.db, deps.clock, "Status <s@x>").sendBatch([email, { ...email, to: "bo@example.com" }], "k1");
    expect(outcome).toMatchObject({ ok: true });
    const rows = await deps.db.select().from(capturedEmail);
    expect(rows.map((r) => r.to).sort()).toEqual(["ana@example.com", "bo@example.com"]);
    expect(rows[0]).toMatchObject({ from: "Status <s@x>", headers: { "List-Id": "<status.test>" }, idempotencyKey: "k1" });
    deps.testDb.destroy();
  });
});

describe("resend mailer (real SDK, fake server)", () => {
  it("sends a batch with the idempotency key, one recipient per email, tags", async () => {
    const mailer = resendMailer("re_test_123", "Status <s@x>", fake.url);
    const outcome = await mailer.sendBatch([email], "batch-1");
    expect(outcome).toMatchObject({ ok: true, ids: [expect.any(String)] });
    const req = fake.requests.at(-1);
    expect(req).toMatchObject({ path: "/emails/batch", idempotencyKey: "batch-1", authorization: "Bearer re_test_123" });
    expect(fake.accepted.at(-1)).toMatchObject({
      to: ["ana@example.com"],
      tags: [{ name: "delivery", value: "d1" }],
      headers: { "List-Id": "<status.test>" },
    });
  });

  it("a retry with the same key is not accepted twice", async () => {
    const mailer = resendMailer("re_test_123", "Status <s@x>", fake.url);
    const before = fake.accepted.length;
    fake.resetWindow();
    await mailer.sendBatch([email], "batch-2");
    await mailer.sendBatch([email], "batch-2");
    expect(fake.accepted.length).toBe(before + 1);
  });

  it("429 is retryable and carries retry-after and the rate limit", async () => {
    const mailer = resendMailer("re_test_123", "Status <s@x>", fake.url);
    fake.resetWindow();
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await mailer.sendBatch([email], `burst-${i}`));
    const limited = outcomes.find((o) => !o.ok);
    expect(limited).toMatchObject({ ok: false, retryable: true, status: 429, rateLimit: { limit: 2, remaining: 0 } });
    expect(limited && !limited.ok && limited.retryAfterMs).toBeGreaterThan(0);
  });

  it("5xx and network failures are retryable; 4xx validation is not", async () => {
    const mailer = resendMailer("re_test_123", "Status <s@x>", fake.url);
    fake.resetWindow();
    fake.failNext(1, 503);
    expect(await mailer.sendBatch([email], "f1")).toMatchObject({ ok: false, retryable: true, status: 503 });
    const tooMany = Array.from({ length: 101 }, () => email);
    expect(await mailer.sendBatch(tooMany, "f2")).toMatchObject({ ok: false, retryable: false, status: 422 });
    const down = resendMailer("re_test_123", "Status <s@x>", "http://127.0.0.1:9");
    expect(await down.sendBatch([email], "f3")).toMatchObject({ ok: false, retryable: true, status: null });
  });
});

describe("outbox dispatcher (transactional mail)", () => {
  it("sends nothing for a rolled-back change and sends a committed one once", async () => {
    const deps = await createTestDeps();
    await deps.db
      .transaction(async (tx) => {
        await enqueueEmail(tx, deps.clock, "invitation", email);
        throw new Error("the change failed");
      })
      .catch(() => {});
    await deps.db.transaction((tx) => enqueueEmail(tx, deps.clock, "invitation", { ...email, to: "kept@example.com" }));
    const dispatcher = createDispatcher(deps);
    expect(await dispatcher.tick()).toBe(1);
    expect(await dispatcher.tick()).toBe(0);
    const rows = await deps.db.select().from(capturedEmail);
    expect(rows.map((r) => r.to)).toEqual(["kept@example.com"]);
    await dispatcher.stop();
    deps.testDb.destroy();
  });

  it("a provider outage delays the mail; it is sent once the provider is back", async () => {
    const outage = await new FakeResend().start();
    const deps = await createTestDeps({ mailer: () => resendMailer("re_test_123", "s@x", outage.url) });
    await deps.db.transaction((tx) => enqueueEmail(tx, deps.clock, "invitation", email));
    const dispatcher = createDispatcher(deps);
    outage.failWith = 503;
    expect(await dispatcher.tick()).toBe(0);
    outage.failWith = null;
    expect(await dispatcher.tick()).toBe(0); // backing off
    deps.clock.advance(31_000);
    expect(await dispatcher.tick()).toBe(1);
    expect(outage.accepted).toHaveLength(1);
    await dispatcher.stop();
    await outage.stop();
    deps.testDb.destroy();
  });
});
