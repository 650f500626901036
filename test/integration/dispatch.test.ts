import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { bumpContentVersion } from "../../db/content-version.ts";
import { capturedEmail, delivery, notification, subscriber } from "../../db/schema/index.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { expandNotification } from "../../src/notify/expand.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { scopeCache } from "../../src/notify/recipient.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeAudience, makeComponent, makeGroup, makeSubscribers, publishIncident, publishUpdate } from "../helpers/factories.ts";

let deps: TestDeps;
afterEach(() => deps?.testDb.destroy());
const fast = () => createDispatcher(deps, { bucket: new RateBucket(1000) });
async function expandAll(): Promise<void> {
  for (const n of await deps.db.select().from(notification)) await expandNotification(deps, n);
  await deps.db.update(notification).set({ expandedAt: deps.clock.now() });
}
const mails = async () => deps.db.select().from(capturedEmail);

describe("dispatcher fan-out", () => {
  it("sends each follower the words for their audience, with one-click unsubscribe headers, and nothing else", async () => {
    deps = await createTestDeps();
    const api = (await makeComponent(deps, { name: "API" })).id;
    const web = (await makeComponent(deps, { name: "Web" })).id;
    const acme = await makeAudience(deps, "acme", ["acme.com"]);
    await makeAudience(deps, "partners");
    await makeSubscribers(deps, [
      { email: "all@example.com" },
      { email: "api@example.com", components: [api] },
      { email: "web@example.com", components: [web] },
      { email: "ops@acme.com", components: [api] },
      { email: "cto@example.org", audiences: [acme] },
      { email: "nomaint@example.com", maintenance: false },
    ]);
    await publishIncident(deps, {
      components: [api],
      body: "Public words",
      variants: { acme: "ACME-CANARY words", partners: "PARTNER-CANARY words" },
      internal: "INTERNAL-CANARY",
    });
    await fast().tick();
    const sent = await mails();
    expect(sent.map((m) => m.to).sort()).toEqual([
      "all@example.com",
      "api@example.com",
      "cto@example.org",
      "nomaint@example.com",
      "ops@acme.com",
    ]);
    for (const m of sent) {
      const acmeReader = m.to.endsWith("acme.com") || m.to === "cto@example.org";
      expect(m.text.includes("ACME-CANARY")).toBe(acmeReader);
      expect(m.text.includes("Public words")).toBe(!acmeReader);
      expect(m.html + m.text).not.toContain("PARTNER-CANARY");
      expect(m.html + m.text).not.toContain("INTERNAL-CANARY");
      expect(m.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/status\.test\/unsubscribe\/[a-z2-7]{40,}>$/);
      // PUBLIC_URL is http here: one-click (RFC 8058) is only advertised over https (absolute-links.test.ts).
      expect(m.headers["List-Unsubscribe-Post"]).toBeUndefined();
      expect(m.headers["List-Id"]).toContain("status.test");
      expect(m.text).toContain("/unsubscribe/");
      expect(m.text).toMatch(/\/subscriptions\/manage\?s=[0-9a-z]{12}&sig=/);
      expect(m.text).toMatch(/\/feedback\/[0-9a-z]{12}\?s=[0-9a-z]{12}&sig=/);
      expect(m.html).toMatch(/\/feedback\/[0-9a-z]{12}\?s=[0-9a-z]{12}&amp;sig=/);
      expect(m.html + m.text + JSON.stringify(m.headers)).not.toContain("{{");
      expect(m.tags.delivery).toMatch(/^[0-9a-z]{12}$/);
    }
  });

  it("a restricted incident reaches only its audience; a group subscription follows the group's components", async () => {
    deps = await createTestDeps();
    const group = (await makeGroup(deps, { name: "Core" })).id;
    const db = (await makeComponent(deps, { name: "Database", groupId: group })).id;
    const acme = await makeAudience(deps, "acme");
    await makeSubscribers(deps, [{ email: "pub@example.com" }, { email: "member@example.com", audiences: [acme], groups: [group] }]);
    await publishIncident(deps, { components: [db], visibility: "acme", body: "ACME only" });
    await fast().tick();
    expect((await mails()).map((m) => m.to)).toEqual(["member@example.com"]);
    const [skipped] = await deps.db.select().from(delivery).where(eq(delivery.state, "skipped"));
    expect(skipped?.lastError).toBe("incident not visible to this subscriber");
  });

  it("maintenance notices go only to those who opted in", async () => {
    deps = await createTestDeps();
    await makeSubscribers(deps, [{ email: "yes@example.com" }, { email: "no@example.com", maintenance: false }]);
    await publishIncident(deps, { kind: "maintenance", body: "Planned work" });
    await fast().tick();
    const sent = await mails();
    expect(sent.map((m) => m.to)).toEqual(["yes@example.com"]);
    expect(sent[0]?.subject).toContain("Maintenance");
  });

  it("several pending updates: only the newest is sent, with a summary of what was missed; never older after newer", async () => {
    deps = await createTestDeps();
    await makeSubscribers(deps, [{ email: "a@example.com" }]);
    const { incidentId } = await publishIncident(deps, { body: "First: looking into it" });
    deps.clock.advance(60_000);
    await publishUpdate(deps, incidentId, { status: "identified", body: "Second: found it" });
    deps.clock.advance(60_000);
    await publishUpdate(deps, incidentId, { status: "monitoring", body: "Third: fixed" });
    // All three are expanded before any is claimed (e.g. the dispatcher was down meanwhile).
    await expandAll();
    await fast().tick();
    const sent = await mails();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain("Third: fixed");
    expect(sent[0]?.text).toContain("Earlier updates you did not receive");
    expect(sent[0]?.text).toContain("First: looking into it");
    expect(sent[0]?.text).toContain("Second: found it");
    deps.clock.advance(60_000);
    await publishUpdate(deps, incidentId, { status: "resolved", body: "Fourth: resolved" });
    await fast().tick();
    const again = await mails();
    expect(again).toHaveLength(2);
    expect(again.find((m) => m.text.includes("Fourth"))?.text).not.toContain("Earlier updates");
  });

  it("expansion is idempotent: running it twice (a crash after expansion) creates no second delivery", async () => {
    deps = await createTestDeps();
    await makeSubscribers(deps, [{ email: "a@example.com" }, { email: "b@example.com" }]);
    const { notificationId } = await publishIncident(deps, { body: "x" });
    const [n] = await deps.db.select().from(notification).where(eq(notification.id, notificationId));
    await expandNotification(deps, n as NonNullable<typeof n>);
    await expandNotification(deps, n as NonNullable<typeof n>);
    expect(await deps.db.select().from(delivery)).toHaveLength(2);
  });

  it("an unsubscribe after the batch was formed but before it was sent removes only that subscriber", async () => {
    deps = await createTestDeps();
    const [a, b] = await makeSubscribers(deps, [{ email: "a@example.com" }, { email: "b@example.com" }]);
    await publishIncident(deps, { body: "x" });
    const { reserveBatch } = await import("../../src/notify/reserve.ts");
    const { freezeBatch } = await import("../../src/notify/freeze.ts");
    const { renderScope } = await import("../../src/notify/recipient.ts");
    const { serverSecret } = await import("../../src/auth/server-secret.ts");
    const [n] = await deps.db.select().from(notification);
    await expandNotification(deps, n as NonNullable<typeof n>);
    await deps.db.update(notification).set({ expandedAt: deps.clock.now() });
    const batchId = await reserveBatch(deps, "test", "email", 100, 60_000);
    await freezeBatch(deps, await renderScope(deps, await serverSecret(deps.db, deps.clock)), batchId as string);
    await deps.db
      .update(subscriber)
      .set({ unsubscribedAt: deps.clock.now() })
      .where(eq(subscriber.id, a as string));
    deps.clock.advance(61_000); // the reserving "process" died holding the lease; it expires
    await fast().tick();
    expect((await mails()).map((m) => m.to)).toEqual(["b@example.com"]);
    const states = await deps.db.select({ s: delivery.subscriberId, state: delivery.state }).from(delivery);
    expect(states.find((x) => x.s === a)?.state).toBe("skipped");
    expect(states.find((x) => x.s === b)?.state).toBe("sent");
  });

  it("expansion reaches each follower once, by any path, and no one else", async () => {
    deps = await createTestDeps();
    const core = (await makeGroup(deps, { name: "Core" })).id;
    const api = (await makeComponent(deps, { name: "API", groupId: core })).id;
    const web = (await makeComponent(deps, { name: "Web" })).id;
    const ids = await makeSubscribers(deps, [
      { email: "everything@example.com" },
      { email: "api@example.com", components: [api] },
      { email: "group@example.com", groups: [core] },
      { email: "both@example.com", components: [api], groups: [core] },
      { email: "web@example.com", components: [web] },
      { email: "gone@example.com", components: [api] },
    ]);
    await deps.db.update(subscriber).set({ unsubscribedAt: deps.clock.now() }).where(eq(subscriber.target, "gone@example.com"));
    const { notificationId } = await publishIncident(deps, { components: [api], body: "x" });
    const [n] = await deps.db.select().from(notification).where(eq(notification.id, notificationId));
    expect(await expandNotification(deps, n as NonNullable<typeof n>)).toBe(4);
    const reached = await deps.db.select({ s: delivery.subscriberId }).from(delivery);
    expect(reached.map((r) => r.s).sort()).toEqual([ids[0], ids[1], ids[2], ids[3]].sort());
  });

  it("two dispatchers reserving at once each get a full batch of different rows", async () => {
    deps = await createTestDeps();
    await makeSubscribers(
      deps,
      Array.from({ length: 250 }, (_, i) => ({ email: `u${i}@example.com` })),
    );
    await publishIncident(deps, { body: "x" });
    await expandAll();
    const { reserveBatch } = await import("../../src/notify/reserve.ts");
    const batches = await Promise.all([reserveBatch(deps, "one", "email", 100, 60_000), reserveBatch(deps, "two", "email", 100, 60_000)]);
    const sizes = [];
    for (const id of batches)
      sizes.push(
        (
          await deps.db
            .select()
            .from(delivery)
            .where(eq(delivery.batchId, id as string))
        ).length,
      );
    expect(sizes).toEqual([100, 100]);
  });
});

describe("render scopes shared between batches", () => {
  it("are reused only while the content version stands, for the same secret, and for at most 5 s", async () => {
    deps = await createTestDeps();
    const scopeFor = scopeCache(deps);
    const first = await scopeFor("secret");
    expect(await scopeFor("secret")).toBe(first);
    // Any write that changes what a viewer may see bumps the version: the next batch renders afresh.
    await bumpContentVersion(deps.db, deps.clock);
    const afterWrite = await scopeFor("secret");
    expect(afterWrite).not.toBe(first);
    expect(await scopeFor("secret")).toBe(afterWrite);
    expect(await scopeFor("another secret")).not.toBe(afterWrite);
    const current = await scopeFor("another secret");
    // What depends on the clock alone (a maintenance window opening) is never more than 5 s old.
    deps.clock.advance(5_001);
    expect(await scopeFor("another secret")).not.toBe(current);
  });

  it("a new update between two batches reaches the second batch's readers", async () => {
    deps = await createTestDeps();
    const api = (await makeComponent(deps, { name: "API" })).id;
    await makeSubscribers(deps, [{ email: "early@example.com" }]);
    const { incidentId } = await publishIncident(deps, { components: [api], body: "First words" });
    const dispatcher = fast();
    await dispatcher.tick();
    await makeSubscribers(deps, [{ email: "late@example.com" }]);
    await publishUpdate(deps, incidentId, { body: "Second words" });
    await dispatcher.tick();
    const late = (await mails()).filter((m) => m.to === "late@example.com");
    expect(late).toHaveLength(1);
    expect(late[0]?.text).toContain("Second words");
  });
});
