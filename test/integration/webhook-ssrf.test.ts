import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApi } from "../../src/api/app.ts";
import { postWebhook } from "../../src/notify/webhook-send.ts";
import { createMember, createToken, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

let server: Server;
let port: number;
let answer = 204;
const received: { host: string | undefined; path: string | undefined }[] = [];
let deps: TestDeps;
let admin: TestMember;

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push({ host: req.headers.host, path: req.url });
    req.resume();
    res.writeHead(answer).end("internal detail the sender must not repeat");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  deps = await createTestDeps();
  admin = await createMember(deps, "admin");
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  deps.testDb.destroy();
});

describe("webhook sends connect to the address that was checked", () => {
  it("resolves the host once and connects to that address, whatever DNS says later", async () => {
    const resolve = vi.fn(async () => [{ address: "127.0.0.1", family: 4 }]);
    const outcome = await postWebhook(`http://hook.invalid:${port}/pinned`, "{}", {}, true, resolve);
    expect(outcome.ok).toBe(true);
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(received.at(-1)).toEqual({ host: `hook.invalid:${port}`, path: "/pinned" });
  });

  it("refuses a host with any private address among its answers, without connecting", async () => {
    const before = received.length;
    const resolve = async () => [
      { address: "8.8.8.8", family: 4 },
      { address: "127.0.0.1", family: 4 },
    ];
    const outcome = await postWebhook(`http://rebind.invalid:${port}/x`, "{}", {}, false, resolve);
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(received.length).toBe(before);
  });

  it("records only the class of the receiver's answer, not its status or text", async () => {
    answer = 401;
    const outcome = await postWebhook(`http://127.0.0.1:${port}/denied`, "{}", {}, true);
    answer = 204;
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message).not.toMatch(/401|internal detail/);
    expect(outcome.status).not.toBe(401);
    const closed = await postWebhook("http://127.0.0.1:1/closed", "{}", {}, true);
    expect(closed.ok).toBe(false);
    if (!closed.ok) expect(closed.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:1\b/);
  });
});

describe("webhook URLs saved through the API", () => {
  const post = (path: string, body: unknown) =>
    createApi(deps).request(`/api/admin${path}`, {
      method: "POST",
      headers: { ...admin.cookieHeaders, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it.each(["http://[::ffff:a9fe:a9fe]/latest/meta-data", "http://[::ffff:7f00:1]:8080/", "http://[::7f00:1]/", "http://198.18.0.1/"])(
    "a subscriber webhook to %s is refused",
    async (url) => {
      const res = await post("/subscribers/webhooks", { channel: "webhook", url });
      expect(res.status).toBe(400);
      expect((await res.json()).error.details[0].path).toBe("url");
    },
  );

  it("an escalation contact's webhook to the metadata address is refused", async () => {
    const res = await post("/escalation-contacts", {
      category: "database",
      level: 1,
      email: "oncall@example.com",
      webhookUrl: "http://[::ffff:a9fe:a9fe]/hook",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe("webhookUrl");
  });
});

describe("webhook secrets are shown when made, then only to admins", () => {
  const SLACK = "https://hooks.slack.com/services/T000/B000/SLACK-CANARY-SECRET";
  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    createApi(deps).request(`/api/admin${path}`, {
      method,
      headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it("a viewer and a read token see neither the signing secret nor the chat URL's credential", async () => {
    const allowing = await createTestDeps({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
    const saved = deps;
    deps = allowing;
    try {
      const owner = await createMember(deps, "admin");
      const communicator = await createMember(deps, "communicator");
      const viewer = await createMember(deps, "viewer");
      const reader = await createToken(deps, ["read"]);
      const made = await (
        await call("POST", "/subscribers/webhooks", communicator.cookieHeaders, {
          channel: "webhook",
          url: `http://127.0.0.1:${port}/h?key=HOOK-CANARY`,
        })
      ).json();
      expect(made.signingSecret).toMatch(/^[a-z2-7]{40,}$/);
      expect(made.url).toContain("HOOK-CANARY");
      await call("POST", "/subscribers/webhooks", owner.cookieHeaders, { channel: "slack", url: SLACK });
      await call("POST", "/escalation-contacts", owner.cookieHeaders, {
        category: "db",
        level: 1,
        email: "oncall@example.com",
        webhookUrl: "https://hooks.slack.com/services/T1/B1/ESCALATION-CANARY",
      });

      for (const headers of [viewer.cookieHeaders, reader.headers, communicator.cookieHeaders]) {
        const one = await (await call("GET", `/subscribers/${made.id}`, headers)).json();
        const seen = JSON.stringify([
          one,
          await (await call("GET", "/subscribers", headers)).json(),
          await (await call("GET", "/escalation-contacts", headers)).json(),
        ]);
        expect(one.signingSecret).toBeUndefined();
        expect(seen).not.toContain(made.signingSecret);
        expect(seen).not.toMatch(/HOOK-CANARY|SLACK-CANARY|ESCALATION-CANARY/);
        const searched = await (await call("GET", "/subscribers?q=slack-canary", headers)).json();
        expect(searched.subscribers).toEqual([]);
      }
      const asAdmin = JSON.stringify([
        await (await call("GET", `/subscribers/${made.id}`, owner.cookieHeaders)).json(),
        await (await call("GET", "/subscribers", owner.cookieHeaders)).json(),
        await (await call("GET", "/escalation-contacts", owner.cookieHeaders)).json(),
      ]);
      expect(asAdmin).toContain(made.signingSecret);
      expect(asAdmin).toMatch(/SLACK-CANARY/);
      expect(asAdmin).toMatch(/ESCALATION-CANARY/);
    } finally {
      deps = saved;
      allowing.testDb.destroy();
    }
  });
});
