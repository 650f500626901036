import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { delivery, pageSettings } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, publishIncident } from "../helpers/factories.ts";
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
