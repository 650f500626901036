import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { capturedEmail } from "../../db/schema/index.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { COMPONENT_COALESCE_MS } from "../../src/notify/component-change.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { updateComponent } from "../../src/services/components/update.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeSubscribers } from "../helpers/factories.ts";
import { type FakeChat, startFakeChat } from "../helpers/fake-chat.ts";

const minute = 60_000;
let deps: TestDeps;
let chat: FakeChat;
let database = "";
beforeAll(async () => {
  chat = await startFakeChat();
});
afterAll(() => chat.close());
afterEach(async () => {
  chat.posts.length = 0;
  await deps?.testDb.destroy();
});

async function world() {
  deps = await createTestDeps({ env: { PUBLIC_URL: "https://status.acme.test", WEBHOOK_ALLOW_PRIVATE: "true" } });
  database = (await makeComponent(deps, { name: "Database" })).id;
  const billing = (await makeComponent(deps, { name: "Billing" })).id;
  await makeSubscribers(deps, [
    { email: "all@example.com", componentUpdates: true },
    { email: "incidents-only@example.com" },
    { email: "billing-only@example.com", components: [billing], componentUpdates: true },
    { email: chat.urlOf("discord"), channel: "discord", components: [database], componentUpdates: true },
  ]);
}

const setStatus = (status: "operational" | "partial_outage" | "major_outage" | "degraded_performance") =>
  updateComponent(deps, { actor: SYSTEM }, database, { status });

async function drain(): Promise<void> {
  const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
  for (let i = 0; i < 8; i++) await dispatcher.tick();
}

async function sent(): Promise<{ email: { to: string; subject: string; text: string }[]; discord: string[] }> {
  const email = (await deps.db.select().from(capturedEmail)).map((m) => ({ to: m.to, subject: m.subject, text: m.text }));
  return { email, discord: chat.posts.filter((p) => p.service === "discord").map((p) => JSON.stringify(p.body)) };
}

describe("component status changes without an incident (coalesced)", () => {
  it("wait out the window, then reach only opted-in followers of that component, by email and chat", async () => {
    await world();
    await setStatus("partial_outage");
    await drain();
    expect((await sent()).email).toEqual([]);
    deps.clock.advance(COMPONENT_COALESCE_MS - minute);
    await drain();
    expect((await sent()).email).toEqual([]);
    deps.clock.advance(minute);
    await drain();
    const { email, discord } = await sent();
    expect(email.map((m) => m.to)).toEqual(["all@example.com"]);
    expect(email[0]?.subject).toBe("[Status] Database: Partial outage");
    expect(email[0]?.text).toContain("Partial outage · ");
    expect(email[0]?.text).toContain("Before this change: Operational");
    expect(discord).toHaveLength(1);
    expect(discord[0]).toContain("Database: Partial outage");
  });

  it("a flapping component sends one message per subscriber with its latest state, against the state before the first change", async () => {
    await world();
    await setStatus("partial_outage");
    deps.clock.advance(3 * minute);
    await setStatus("major_outage");
    deps.clock.advance(4 * minute);
    await setStatus("degraded_performance");
    deps.clock.advance(COMPONENT_COALESCE_MS);
    await drain();
    const { email, discord } = await sent();
    expect(email.map((m) => m.subject)).toEqual(["[Status] Database: Degraded performance"]);
    expect(email[0]?.text).toContain("Before this change: Operational");
    expect(discord).toHaveLength(1);
  });

  it("a change undone within the window sends nothing; a change after a quiet window is a new message", async () => {
    await world();
    await setStatus("major_outage");
    deps.clock.advance(2 * minute);
    await setStatus("operational");
    deps.clock.advance(COMPONENT_COALESCE_MS);
    await drain();
    expect(await sent()).toEqual({ email: [], discord: [] });

    deps.clock.advance(30 * minute);
    await setStatus("partial_outage");
    deps.clock.advance(COMPONENT_COALESCE_MS);
    await drain();
    expect((await sent()).email.map((m) => m.subject)).toEqual(["[Status] Database: Partial outage"]);
  });
});
