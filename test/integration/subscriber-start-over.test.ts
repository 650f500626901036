import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { subscriber, subscription } from "../../db/schema/index.ts";
import { manageSignature } from "../../src/auth/link-signatures.ts";
import { serverSecret } from "../../src/auth/server-secret.ts";
import { selfServiceContext } from "../../src/services/subscribers/actors.ts";
import { manageView, updateSettings } from "../../src/services/subscribers/manage.ts";
import { SubscribeInput, SubscribeUrlInput } from "../../src/services/subscribers/schemas.ts";
import { subscribe } from "../../src/services/subscribers/subscribe.ts";
import { subscribeByUrl } from "../../src/services/subscribers/subscribe-url.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeSubscribers } from "../helpers/factories.ts";
import { type FakeChat, startFakeChat } from "../helpers/fake-chat.ts";

let deps: TestDeps;
let chat: FakeChat;
beforeAll(async () => {
  chat = await startFakeChat();
});
afterAll(() => chat.close());
afterEach(() => deps?.testDb.destroy());
const ctx = () => selfServiceContext("test");

async function state(target: string) {
  const [row] = await deps.db.select().from(subscriber).where(eq(subscriber.target, target));
  if (!row) throw new Error(`no subscriber ${target}`);
  const follows = await deps.db.select().from(subscription).where(eq(subscription.subscriberId, row.id));
  return { row, follows: follows.map((f) => `${f.targetType}:${f.targetId}`).sort() };
}

async function unsubscribed(target: string) {
  await deps.db.update(subscriber).set({ unsubscribedAt: deps.clock.now() }).where(eq(subscriber.target, target));
}

describe("a returning subscriber starts over with what they chose now, by email and by URL alike", () => {
  it("email: the new choices and language replace the old ones, and it waits for confirmation again", async () => {
    deps = await createTestDeps({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
    const [api, web] = [(await makeComponent(deps, { name: "API" })).id, (await makeComponent(deps, { name: "Web" })).id];
    await subscribe(deps, ctx(), SubscribeInput.parse({ email: "ana@example.com", components: [api], maintenance: false }));
    await deps.db.update(subscriber).set({ confirmedAt: deps.clock.now() }).where(eq(subscriber.target, "ana@example.com"));
    await unsubscribed("ana@example.com");
    await subscribe(
      deps,
      ctx(),
      SubscribeInput.parse({ email: "ana@example.com", components: [web], language: "de", componentUpdates: true }),
    );
    const { row, follows } = await state("ana@example.com");
    expect(row).toMatchObject({
      unsubscribedAt: null,
      confirmedAt: null,
      language: "de",
      maintenance: true,
      componentUpdates: true,
      allComponents: false,
    });
    expect(follows).toEqual([`component:${web}`]);
  });

  it("chat: the same reset, active at once (the URL is the proof), its language kept", async () => {
    deps = await createTestDeps({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
    const api = (await makeComponent(deps, { name: "API" })).id;
    const url = chat.urlOf("slack");
    await subscribeByUrl(deps, ctx(), SubscribeUrlInput.parse({ channel: "slack", url, components: [api], maintenance: false }));
    await deps.db.update(subscriber).set({ language: "fr" }).where(eq(subscriber.target, url.toLowerCase()));
    await unsubscribed(url.toLowerCase());
    await subscribeByUrl(deps, ctx(), SubscribeUrlInput.parse({ channel: "slack", url }));
    const { row, follows } = await state(url.toLowerCase());
    expect(row).toMatchObject({ unsubscribedAt: null, language: "fr", maintenance: true, allComponents: true });
    expect(row.confirmedAt).not.toBeNull();
    expect(follows).toEqual([]);
  });

  it("the manage page's language: an email's and a chat channel's change, a webhook has none and keeps what it had", async () => {
    deps = await createTestDeps({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
    const [hook, slack] = await makeSubscribers(deps, [
      { email: "https://hooks.example.com/in", channel: "webhook" },
      { email: "https://hooks.slack.com/services/a/b/c", channel: "slack" },
    ]);
    const secret = await serverSecret(deps.db, deps.clock);
    const access = (id: string) => ({ subscriberId: id, sig: manageSignature(secret, id) });
    const changes = { components: [], groups: [], maintenance: false };
    expect((await manageView(deps, access(hook as string)))?.channel).toBe("webhook");
    expect((await updateSettings(deps, ctx(), access(hook as string), { ...changes, language: "de" }))?.language).toBe("en");
    expect((await updateSettings(deps, ctx(), access(hook as string), changes))?.maintenance).toBe(false);
    expect((await updateSettings(deps, ctx(), access(slack as string), { ...changes, language: "ja" }))?.language).toBe("ja");
  });
});
