import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { delivery, deliveryBatch, pageSettings, subscriber } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { selfServiceContext } from "../../src/services/subscribers/actors.ts";
import { SubscribeUrlInput } from "../../src/services/subscribers/schemas.ts";
import { subscribeByUrl } from "../../src/services/subscribers/subscribe-url.ts";
import { verifyWebhookSubscriber } from "../../src/services/subscribers/verify-webhook.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeSubscribers, publishIncident } from "../helpers/factories.ts";
import { type FakeChat, startFakeChat } from "../helpers/fake-chat.ts";
import { callApi } from "../helpers/incident-fixtures.ts";

const PUBLIC = "https://status.acme.test";
const CHATS = ["slack", "teams", "discord", "google_chat"] as const;
const ajv = new Ajv({ allErrors: true, strictTypes: false });
addFormats(ajv);
const schemaOf = (service: string) =>
  ajv.compile(JSON.parse(readFileSync(`test/fixtures/chat/${service.replace("_", "-")}.schema.json`, "utf8")));

let chat: FakeChat;
let deps: TestDeps;
beforeAll(async () => {
  chat = await startFakeChat();
});
afterAll(() => chat.close());
afterEach(async () => {
  chat.posts.length = 0;
  await deps?.testDb.destroy();
});

async function drain(): Promise<void> {
  const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
  for (let i = 0; i < 6; i++) {
    await dispatcher.tick();
    deps.clock.advance(10 * 60_000);
  }
}

async function setup() {
  deps = await createTestDeps({ env: { PUBLIC_URL: PUBLIC, WEBHOOK_ALLOW_PRIVATE: "true" } });
  const brand = { name: "Acme Status", brandColor: "#5b21b6", logoUrl: "/logo.png" };
  await deps.db
    .insert(pageSettings)
    .values({ id: 1, ...brand, updatedAt: deps.clock.now() })
    .onConflictDoUpdate({ target: pageSettings.id, set: brand });
  const admin = await createMember(deps, "admin");
  return { admin, api: createApi(deps) };
}

describe("Slack, Teams, Discord and Google Chat subscribers", () => {
  it("each gets a test message when added, then every update in its own documented format, branded, links absolute", async () => {
    const { admin, api } = await setup();
    const component = await makeComponent(deps, { name: "REST API" });
    for (const channel of CHATS) {
      const res = await callApi(api, admin, "POST", "/subscribers/webhooks", { channel, url: chat.urlOf(channel) });
      expect(res.status, channel).toBe(201);
    }
    await drain();
    for (const channel of CHATS) {
      const posts = chat.posts.filter((p) => p.service === channel);
      expect(posts, channel).toHaveLength(1);
      const text = JSON.stringify(posts[0]?.body);
      expect(text).toContain("Acme Status is connected");
      expect(schemaOf(channel)(posts[0]?.body), channel).toBe(true);
    }
    chat.posts.length = 0;

    await publishIncident(deps, {
      title: "Queue delays",
      components: [component.id],
      body: "Jobs are delayed; see [the status page](/).",
      internal: "INTERNAL-CANARY",
    });
    await drain();
    for (const channel of CHATS) {
      const posts = chat.posts.filter((p) => p.service === channel);
      expect(posts, channel).toHaveLength(1);
      const body = posts[0]?.body;
      const validate = schemaOf(channel);
      expect(validate(body), `${channel}: ${JSON.stringify(validate.errors)}`).toBe(true);
      const text = JSON.stringify(body);
      expect(text, channel).toContain("Queue delays");
      expect(text, channel).toContain("Acme Status");
      expect(text, channel).toContain(`${PUBLIC}/logo.png`);
      expect(text, channel).toContain(`${PUBLIC}/incidents/`);
      expect(text, channel).toContain(`the status page (${PUBLIC}/)`);
      expect(text, channel).toContain("Investigating");
      expect(text, channel).toContain("REST API");
      expect(text, channel).toContain("Major outage");
      expect(text, channel).not.toContain("INTERNAL-CANARY");
    }
  });

  it("a refused or rate-limited chat post is retried through the outbox, and arrives once", async () => {
    const { admin, api } = await setup();
    expect((await callApi(api, admin, "POST", "/subscribers/webhooks", { channel: "discord", url: chat.urlOf("discord") })).status).toBe(
      201,
    );
    chat.failNext(1, 429);
    await drain();
    expect(chat.posts.filter((p) => p.service === "discord")).toHaveLength(1);
    const rows = await deps.db.select().from(delivery);
    expect(rows.map((r) => r.state)).toEqual(["sent"]);
  });

  for (const [what, failing] of [
    ["a member that answers 500 is posted again alone", "n=0"],
    ["a member that answers 500 and then 404 ends dead, and the batch still ends sent", "n=4"],
  ] as const) {
    it(`one update's posts leave as one batch side by side, each under its own key: ${what}`, async () => {
      await setup();
      const component = await makeComponent(deps, { name: "REST API" });
      await makeSubscribers(deps, [
        ...Array.from({ length: 4 }, (_, i) => ({
          channel: "slack" as const,
          email: `${chat.urlOf("slack")}?n=${i}`,
          components: [component.id],
        })),
        // A URL the receiver does not know: refused (404), dead, never retried after that.
        { channel: "slack" as const, email: `${chat.url}/services/t0/b0/gone?n=4`, components: [component.id] },
      ]);
      await publishIncident(deps, { title: "Queue delays", components: [component.id], body: "Jobs are delayed." });
      chat.failUrl(failing, 500);
      const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
      await dispatcher.tick();
      const batches = await deps.db.select().from(deliveryBatch).where(eq(deliveryBatch.channel, "slack"));
      expect(batches).toHaveLength(1);
      const first = await deps.db.select().from(delivery).where(eq(delivery.channel, "slack"));
      // The member that got a 500 waits in the batch; the others are done (sent, or dead for the 404).
      expect(first.filter((d) => d.state === "sending")).toHaveLength(1);
      expect(batches[0]).toMatchObject({ state: "sending", attempts: 1 });
      const posted = chat.posts.length;
      deps.clock.advance(10 * 60_000);
      await dispatcher.tick();
      // The retry posted only the member that failed.
      expect(chat.posts.length).toBe(posted + 1);
      const rows = await deps.db.select().from(delivery).where(eq(delivery.channel, "slack"));
      expect(rows.filter((d) => d.state === "sent")).toHaveLength(4);
      expect(rows.filter((d) => d.state === "dead").map((d) => d.lastError)).toEqual(["400: the receiver refused the webhook"]);
      const [batch] = await deps.db.select().from(deliveryBatch).where(eq(deliveryBatch.channel, "slack"));
      expect(batch).toMatchObject({ state: "sent", attempts: 2 });
      // Five messages, five keys: each accepted once, none twice.
      const keys = chat.posts.map((p) => String(p.headers["idempotency-key"]));
      expect(new Set(keys).size).toBe(5);
      expect(chat.posts.filter((p) => p.service === "slack")).toHaveLength(4);
    });
  }

  it("a chat service's 429 neither waits for nor pauses the email provider's bucket", async () => {
    const { admin, api } = await setup();
    expect((await callApi(api, admin, "POST", "/subscribers/webhooks", { channel: "slack", url: chat.urlOf("slack") })).status).toBe(201);
    const bucket = new RateBucket(1000);
    const paused: number[] = [];
    bucket.pause = (ms: number) => void paused.push(ms);
    chat.failNext(1, 429);
    await createDispatcher(deps, { bucket }).tick();
    const [row] = await deps.db.select().from(delivery);
    expect(row?.state).toBe("sending");
    expect(row?.lastError).toMatch(/^429/);
    expect(paused).toEqual([]);
  });

  it("refuses a URL that is not the service's incoming webhook, saying what one looks like", async () => {
    const { admin, api } = await setup();
    const res = await callApi(api, admin, "POST", "/subscribers/webhooks", {
      channel: "teams",
      url: "https://hooks.slack.com/services/T/B/x",
    });
    expect(res.status).toBe(400);
    const error = (await res.json()).error;
    expect(error.message).toBe("That is not a Microsoft Teams incoming-webhook address");
    expect(error.details[0]).toMatchObject({ path: "url", message: expect.stringContaining("logic.azure.com") });
  });
});

describe("subscribing a chat channel or a webhook from the public page", () => {
  const visitor = () => selfServiceContext("subscribe page", "203.0.113.9");
  const byUrl = (channel: string, url: string, extra: Record<string, unknown> = {}) =>
    subscribeByUrl(deps, visitor(), SubscribeUrlInput.parse({ channel, url, ...extra }));

  it("a chat channel is active at once, gets its test message with manage and unsubscribe links, then updates", async () => {
    await setup();
    const api = await makeComponent(deps, { name: "REST API" });
    const other = await makeComponent(deps, { name: "Billing" });
    const result = await byUrl("google_chat", chat.urlOf("google_chat"), { scope: "chosen", components: [api.id] });
    expect(result.state).toBe("added");
    await drain();
    const [test] = chat.posts;
    expect(JSON.stringify(test?.body)).toMatch(/Acme Status is connected[\s\S]*\/subscriptions\/manage\?s=[\s\S]*\/unsubscribe\//);
    chat.posts.length = 0;
    await publishIncident(deps, { title: "Billing only", components: [other.id], body: "Invoices are late" });
    await publishIncident(deps, { title: "API errors", components: [api.id], body: "Errors on writes" });
    await drain();
    expect(chat.posts.map((p) => JSON.stringify(p.body).includes("API errors"))).toEqual([true]);
  });

  it("a webhook stays pending until its owner types back the code POSTed to it; a wrong code changes nothing", async () => {
    await setup();
    const component = await makeComponent(deps, { name: "REST API" });
    const result = await byUrl("webhook", chat.urlOf("webhook"));
    expect(result.state).toBe("verify");
    await publishIncident(deps, { title: "Before verifying", components: [component.id], body: "Not for a pending URL" });
    await drain();
    const posts = chat.posts.filter((p) => p.service === "webhook");
    expect(posts).toHaveLength(1);
    const request = posts[0]?.body as { type: string; verification_code: string; verify_url: string; message: string };
    expect(request).toMatchObject({ type: "verification", verify_url: `${PUBLIC}/subscribe/verify?s=${result.subscriberId}` });
    expect(request.message).toContain("Acme Status");
    expect(request.verification_code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);

    const wrong = verifyWebhookSubscriber(deps, visitor(), { subscriber: result.subscriberId, code: "AAAAA-AAAAA" });
    await expect(wrong).rejects.toMatchObject({ code: "validation_failed", message: "That code does not match" });
    const [pending] = await deps.db.select().from(subscriber).where(eq(subscriber.id, result.subscriberId));
    expect(pending?.confirmedAt).toBeNull();

    const typed = request.verification_code.toLowerCase().replace("-", " ");
    const { signingSecret } = await verifyWebhookSubscriber(deps, visitor(), { subscriber: result.subscriberId, code: typed });
    expect(signingSecret).toMatch(/^[a-z2-7]{40,}$/);
    chat.posts.length = 0;
    await publishIncident(deps, { title: "After verifying", components: [component.id], body: "Now it is sent" });
    await drain();
    const [update] = chat.posts;
    expect(update?.body).toMatchObject({ incident: { name: "After verifying" } });
    expect(String(update?.headers["x-clarion-signature"])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it("subscribing someone else's URL again and again sends at most three requests an hour, and never an update", async () => {
    await setup();
    for (let i = 0; i < 5; i++) await byUrl("webhook", chat.urlOf("webhook"));
    await drain();
    expect(chat.posts.filter((p) => p.service === "webhook")).toHaveLength(3);
  });

  it("refuses a chat URL of another service, or on a private address, with words for the field", async () => {
    await setup();
    await expect(byUrl("slack", "https://discord.com/api/webhooks/1/x")).rejects.toMatchObject({
      message: "That is not a Slack incoming-webhook address",
    });
    const strict = await createTestDeps({ env: { PUBLIC_URL: PUBLIC } });
    try {
      const refused = subscribeByUrl(strict, visitor(), SubscribeUrlInput.parse({ channel: "webhook", url: "http://127.0.0.1:9/hook" }));
      await expect(refused).rejects.toMatchObject({ code: "validation_failed", details: [{ path: "url" }] });
    } finally {
      await strict.testDb.destroy();
    }
  });
});
