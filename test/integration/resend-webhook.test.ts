import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditEvent, delivery, subscriber, webhookReceipt } from "../../db/schema/index.ts";
import { createWebhooksApp } from "../../src/api/webhooks/index.ts";
import { createLogger } from "../../src/lib/logger.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { signSvix } from "../../src/services/provider-events/svix.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeSubscribers, publishIncident } from "../helpers/factories.ts";

const SECRET = `whsec_${Buffer.from("a very secret key for the tests").toString("base64")}`;
let deps: TestDeps;
afterEach(() => deps?.testDb.destroy());

async function setup() {
  deps = await createTestDeps({ env: { RESEND_WEBHOOK_SECRET: SECRET } });
  const [id] = await makeSubscribers(deps, [{ email: "bounce@example.com" }, { email: "fine@example.com" }]);
  await publishIncident(deps, { body: "x" });
  await createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();
  const [d] = await deps.db
    .select()
    .from(delivery)
    .where(eq(delivery.subscriberId, id as string));
  return { subscriberId: id as string, deliveryId: d?.id as string };
}

function post(body: string, headers: Record<string, string>) {
  return createWebhooksApp(deps).request("/api/webhooks/resend", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

function signed(event: unknown, id = `msg_${Math.random().toString(36).slice(2)}`, at = Math.floor(deps.clock.now().getTime() / 1000)) {
  const body = JSON.stringify(event);
  return {
    body,
    headers: { "svix-id": id, "svix-timestamp": String(at), "svix-signature": `v1,bm90IGl0 ${signSvix(SECRET, id, at, body)}` },
  };
}

const bounce = (deliveryId: string, type = "Permanent") => ({
  type: "email.bounced",
  created_at: "2026-03-02T12:00:00Z",
  data: {
    email_id: "fake-1",
    to: ["bounce@example.com"],
    tags: { delivery: deliveryId },
    bounce: { type, message: "mailbox does not exist" },
  },
});

describe("POST /api/webhooks/resend", () => {
  it("a valid permanent bounce suppresses the address and marks the delivery; audited", async () => {
    const { subscriberId, deliveryId } = await setup();
    const { body, headers } = signed(bounce(deliveryId));
    const res = await post(body, headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, duplicate: false });
    const [s] = await deps.db.select().from(subscriber).where(eq(subscriber.id, subscriberId));
    expect(s?.suppressedAt).not.toBeNull();
    expect(s?.suppressedReason).toBe("hard bounce");
    const [d] = await deps.db.select().from(delivery).where(eq(delivery.id, deliveryId));
    expect(d?.state).toBe("bounced");
    const audits = await deps.db.select().from(auditEvent).where(eq(auditEvent.action, "subscriber.suppress"));
    expect(audits).toHaveLength(1);
    const others = await deps.db.select().from(subscriber).where(eq(subscriber.target, "fine@example.com"));
    expect(others[0]?.suppressedAt).toBeNull();
  });

  it("a complaint (tags as Resend's array form) suppresses too", async () => {
    const { subscriberId, deliveryId } = await setup();
    const { body, headers } = signed({
      type: "email.complained",
      data: { email_id: "x", to: ["bounce@example.com"], tags: [{ name: "delivery", value: deliveryId }] },
    });
    expect((await post(body, headers)).status).toBe(200);
    const [s] = await deps.db.select().from(subscriber).where(eq(subscriber.id, subscriberId));
    expect(s?.suppressedReason).toBe("complaint");
  });

  it("a transient bounce does not suppress", async () => {
    const { subscriberId, deliveryId } = await setup();
    const { body, headers } = signed(bounce(deliveryId, "Transient"));
    expect((await post(body, headers)).status).toBe(200);
    const [s] = await deps.db.select().from(subscriber).where(eq(subscriber.id, subscriberId));
    expect(s?.suppressedAt).toBeNull();
  });

  it("an invalid signature is 401 and changes nothing", async () => {
    const { subscriberId, deliveryId } = await setup();
    const { body, headers } = signed(bounce(deliveryId));
    const res = await post(body.replace("Permanent", "Permanent "), headers);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
    const wrongKey = await post(body, {
      ...headers,
      "svix-signature": signSvix(
        `whsec_${Buffer.from("other").toString("base64")}`,
        headers["svix-id"],
        Number(headers["svix-timestamp"]),
        body,
      ),
    });
    expect(wrongKey.status).toBe(401);
    const missing = await post(body, { "svix-id": headers["svix-id"] });
    expect(missing.status).toBe(401);
    const [s] = await deps.db.select().from(subscriber).where(eq(subscriber.id, subscriberId));
    expect(s?.suppressedAt).toBeNull();
    expect(await deps.db.select().from(webhookReceipt)).toHaveLength(0);
  });

  it("a replay (same svix-id) is acknowledged and changes nothing more", async () => {
    const { deliveryId } = await setup();
    const { body, headers } = signed(bounce(deliveryId), "msg_replay");
    expect(await (await post(body, headers)).json()).toMatchObject({ duplicate: false });
    await deps.db.update(delivery).set({ state: "sent" }).where(eq(delivery.id, deliveryId));
    const again = await post(body, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    const [d] = await deps.db.select().from(delivery).where(eq(delivery.id, deliveryId));
    expect(d?.state).toBe("sent");
  });

  it("a stale timestamp (over 5 minutes) is refused even with a correct signature", async () => {
    const { subscriberId, deliveryId } = await setup();
    const old = Math.floor(deps.clock.now().getTime() / 1000) - 301;
    const { body, headers } = signed(bounce(deliveryId), "msg_stale", old);
    const res = await post(body, headers);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toContain("tolerance");
    const [s] = await deps.db.select().from(subscriber).where(eq(subscriber.id, subscriberId));
    expect(s?.suppressedAt).toBeNull();
  });

  it("email.delivered moves the delivery to delivered", async () => {
    const { deliveryId } = await setup();
    const { body, headers } = signed({
      type: "email.delivered",
      data: { email_id: "x", to: ["bounce@example.com"], tags: { delivery: deliveryId } },
    });
    expect((await post(body, headers)).status).toBe(200);
    const [d] = await deps.db.select().from(delivery).where(eq(delivery.id, deliveryId));
    expect(d?.state).toBe("delivered");
  });

  // Resend's payloads for these two (the SDK's EmailSuppressedEvent / EmailFailedEvent): data.suppressed {type, message}, data.failed {reason}.
  const resendEvent = (type: string, deliveryId: string | null, extra: Record<string, unknown>) => ({
    type,
    created_at: "2026-03-02T12:00:00.000Z",
    data: {
      created_at: "2026-03-02T11:59:59.000Z",
      email_id: "fake-1",
      from: "Acme Status <status@acme.test>",
      to: ["bounce@example.com"],
      subject: "Elevated errors",
      ...(deliveryId ? { tags: { delivery: deliveryId } } : {}),
      ...extra,
    },
  });

  async function subscriberAndDelivery(subscriberId: string, deliveryId: string) {
    const [s] = await deps.db.select().from(subscriber).where(eq(subscriber.id, subscriberId));
    const [d] = await deps.db.select().from(delivery).where(eq(delivery.id, deliveryId));
    return { s, d };
  }

  it("email.suppressed marks the delivery failed with Resend's reason and suppresses the address; audited", async () => {
    const { subscriberId, deliveryId } = await setup();
    const event = resendEvent("email.suppressed", deliveryId, {
      suppressed: { type: "OnAccountSuppressionList", message: "This address bounced before" },
    });
    const { body, headers } = signed(event);
    expect((await post(body, headers)).status).toBe(200);
    const { s, d } = await subscriberAndDelivery(subscriberId, deliveryId);
    expect(d?.state).toBe("failed");
    expect(d?.lastError).toBe("Not sent: the address is on Resend's suppression list (This address bounced before)");
    expect(s?.suppressedAt).not.toBeNull();
    expect(s?.suppressedReason).toBe("on Resend's suppression list");
    expect(await deps.db.select().from(auditEvent).where(eq(auditEvent.action, "subscriber.suppress"))).toHaveLength(1);
    const others = await deps.db.select().from(subscriber).where(eq(subscriber.target, "fine@example.com"));
    expect(others[0]?.suppressedAt).toBeNull();
  });

  it("email.failed naming the recipient marks the delivery failed and suppresses the address", async () => {
    const { subscriberId, deliveryId } = await setup();
    const { body, headers } = signed(resendEvent("email.failed", deliveryId, { failed: { reason: "invalid_recipient" } }));
    expect((await post(body, headers)).status).toBe(200);
    const { s, d } = await subscriberAndDelivery(subscriberId, deliveryId);
    expect(d?.state).toBe("failed");
    expect(d?.lastError).toBe("Not sent: invalid recipient");
    expect(s?.suppressedReason).toBe("Resend could not send to it: invalid recipient");
  });

  it("email.failed for an account reason (daily quota) marks the delivery failed, keeps the address and warns the operator", async () => {
    const lines: string[] = [];
    deps = await createTestDeps({ env: { RESEND_WEBHOOK_SECRET: SECRET } });
    deps.logger = createLogger("warn", (l) => lines.push(l));
    const [subscriberId] = await makeSubscribers(deps, [{ email: "bounce@example.com" }]);
    await publishIncident(deps, { body: "x" });
    await createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();
    const [sent] = await deps.db.select().from(delivery);
    // Matched by Resend's email id alone, as for mail whose tags were lost.
    await deps.db
      .update(delivery)
      .set({ providerId: "fake-1" })
      .where(eq(delivery.id, sent?.id as string));
    const { body, headers } = signed(resendEvent("email.failed", null, { failed: { reason: "reached_daily_quota" } }));
    expect((await post(body, headers)).status).toBe(200);
    const { s, d } = await subscriberAndDelivery(subscriberId as string, sent?.id as string);
    expect(d?.state).toBe("failed");
    expect(d?.lastError).toBe("Not sent: reached daily quota");
    expect(s?.suppressedAt).toBeNull();
    expect(lines.join("")).toContain("not the address");
  });

  it("a signed event of a type we do not act on (email.opened) is acknowledged and changes nothing", async () => {
    const { subscriberId, deliveryId } = await setup();
    const { body, headers } = signed(resendEvent("email.opened", deliveryId, {}));
    expect((await post(body, headers)).status).toBe(200);
    const { s, d } = await subscriberAndDelivery(subscriberId, deliveryId);
    expect(d?.state).toBe("sent");
    expect(s?.suppressedAt).toBeNull();
  });
});
