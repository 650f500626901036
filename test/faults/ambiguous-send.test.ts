import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { delivery, deliveryBatch, subscriber } from "../../db/schema/index.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { type Mailer, resendMailer } from "../../src/notify/mailer.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { listDeadLetters } from "../../src/services/deliveries/dead-letters.ts";
import { retryDeadLetter } from "../../src/services/deliveries/retry.ts";
import { handleResendWebhook } from "../../src/services/provider-events/resend.ts";
import { signSvix } from "../../src/services/provider-events/svix.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeSubscribers, publishIncident } from "../helpers/factories-delivery.ts";
import { FakeResend } from "../helpers/fake-resend.ts";

const SECRET = `whsec_${Buffer.from("ambiguous sends are not duplicates").toString("base64")}`;
let fake: FakeResend;
let deps: TestDeps;
beforeAll(async () => {
  fake = await new FakeResend().start();
});
afterAll(() => fake.stop());
afterEach(() => {
  deps?.testDb.destroy();
  fake.failWith = null;
});

/** 100 subscribers, one incident, and a dispatcher that dies right after Resend accepted the batch. */
async function acceptedThenCrashed(): Promise<{ accepted: () => number; to: (email: string) => number }> {
  const mailer = (): Mailer => resendMailer("re_test_key", "Status <s@status.test>", fake.url);
  deps = await createTestDeps({ mailer, env: { RESEND_WEBHOOK_SECRET: SECRET } });
  await makeSubscribers(
    deps,
    Array.from({ length: 100 }, (_, i) => ({ email: `ambiguous${i}@example.com` })),
  );
  await publishIncident(deps, { body: "Accepted, then silence" });
  const before = fake.accepted.length;
  const accepted = () => fake.accepted.length - before;
  const real = mailer();
  // The answer never reaches the dispatcher: as if its process died between request and record.
  const dying: Mailer = {
    kind: "resend",
    sendBatch: (emails, key) => real.sendBatch(emails, key).then(() => new Promise(() => {})),
    send: (email, key) => real.send(email, key).then(() => new Promise(() => {})),
  };
  void createDispatcher({ ...deps, mailer: dying }, { bucket: new RateBucket(1000), sendTimeoutMs: 2 ** 31 - 1 }).tick();
  await vi.waitFor(() => expect(accepted()).toBe(100), { timeout: 10_000 });
  deps.clock.advance(deps.env.DISPATCHER_LEASE_SECONDS * 1000 + 1000);
  const to = (email: string) => fake.accepted.slice(before).filter((e) => e.to.includes(email)).length;
  return { accepted, to };
}

async function providerEvent(type: string, deliveryId: string, to: string, extra: Record<string, unknown> = {}): Promise<void> {
  const id = `msg_${deliveryId}_${type}`;
  const at = Math.floor(deps.clock.now().getTime() / 1000);
  const body = JSON.stringify({ type, data: { email_id: `unknown-${deliveryId}`, to: [to], tags: { delivery: deliveryId }, ...extra } });
  await handleResendWebhook(deps, body, { id, timestamp: String(at), signature: signSvix(SECRET, id, at, body) });
}

async function members() {
  return deps.db
    .select({ id: delivery.id, state: delivery.state, email: subscriber.target })
    .from(delivery)
    .innerJoin(subscriber, eq(subscriber.id, delivery.subscriberId))
    .orderBy(subscriber.target);
}

function resend(): Promise<number> {
  return createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();
}

describe("a batch the provider may have accepted is never changed and never sent twice", () => {
  it("an unsubscribe in between: the same request again, nobody gets the email twice", async () => {
    const { accepted, to } = await acceptedThenCrashed();
    const [first] = await members();
    await deps.db
      .update(subscriber)
      .set({ unsubscribedAt: deps.clock.now() })
      .where(eq(subscriber.target, first?.email as string));
    await resend();
    expect(accepted()).toBe(100);
    expect(to(first?.email as string)).toBe(1);
    const keys = new Set(fake.requests.slice(-2).map((r) => r.idempotencyKey));
    expect(keys.size).toBe(1);
    expect((await members()).every((m) => m.state === "sent")).toBe(true);
    const [gone] = await deps.db
      .select()
      .from(subscriber)
      .where(eq(subscriber.target, first?.email as string));
    expect(gone?.unsubscribedAt).not.toBeNull();
  });

  it("a bounce reported in between: no 409, no dead letter, no duplicate; the bounce is kept", async () => {
    const { accepted } = await acceptedThenCrashed();
    const [first] = await members();
    await providerEvent("email.bounced", first?.id as string, first?.email as string, { bounce: { type: "Permanent" } });
    await resend();
    expect(accepted()).toBe(100);
    expect(await listDeadLetters(deps)).toHaveLength(0);
    const states = await members();
    expect(states.find((m) => m.id === first?.id)?.state).toBe("bounced");
    expect(states.filter((m) => m.state === "sent")).toHaveLength(99);
  });

  it("a suppression reported in between (email.suppressed) also proves acceptance: kept as failed, nothing sent twice", async () => {
    const { accepted } = await acceptedThenCrashed();
    const [first] = await members();
    await providerEvent("email.suppressed", first?.id as string, first?.email as string, {
      suppressed: { type: "OnAccountSuppressionList", message: "bounced before" },
    });
    const requests = fake.requests.length;
    await resend();
    expect(fake.requests.length).toBe(requests); // known accepted: not even asked again
    expect(accepted()).toBe(100);
    expect(await listDeadLetters(deps)).toHaveLength(0);
    const states = await members();
    expect(states.find((m) => m.id === first?.id)?.state).toBe("failed");
    expect(states.filter((m) => m.state === "sent")).toHaveLength(99);
  });

  it("30 reported delivered in between: the batch is known accepted; nothing is sent again", async () => {
    const { accepted } = await acceptedThenCrashed();
    const list = await members();
    for (const m of list.slice(0, 30)) await providerEvent("email.delivered", m.id, m.email);
    await resend();
    expect(accepted()).toBe(100);
    expect(await listDeadLetters(deps)).toHaveLength(0);
    const states = await members();
    expect(states.filter((m) => m.state === "delivered")).toHaveLength(30);
    expect(states.filter((m) => m.state === "sent")).toHaveLength(70);
  });

  it("dead after an outage, then retried by an operator: the retry does not resend what was accepted", async () => {
    const { accepted } = await acceptedThenCrashed();
    fake.failWith = 500;
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    for (let h = 0; h < 26; h++) {
      await dispatcher.tick();
      deps.clock.advance(60 * 60_000);
    }
    const dead = await listDeadLetters(deps);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.maybeSent).toBe(true);
    fake.failWith = null;
    const admin = await createMember(deps, "admin");
    await retryDeadLetter(deps, admin.ctx, "batch", dead[0]?.id as string);
    await dispatcher.tick();
    expect(accepted()).toBe(100);
    expect((await members()).every((m) => m.state === "sent")).toBe(true);
    const [batch] = await deps.db.select().from(deliveryBatch);
    expect(batch?.state).toBe("sent");
  });
});
