import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../../src/api/app.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { recipientViewers } from "../../src/notify/recipient.ts";
import { audiencesForEmail, audienceViewer } from "../../src/projection/index.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeAudience, makeComponent, makeSubscribers, publishIncident } from "../helpers/factories.ts";

let server: Server;
let url = "";
const received: { path: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let failNext = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      received.push({ path: req.url ?? "", headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));
let deps: TestDeps;
afterEach(() => deps?.testDb.destroy());

async function addWebhook(channel: "webhook" | "slack", path: string) {
  const admin = await createMember(deps, "admin");
  return createApi(deps).request("/api/admin/subscribers/webhooks", {
    method: "POST",
    headers: { ...admin.cookieHeaders, "content-type": "application/json" },
    body: JSON.stringify({ channel, url: `${url}${path}` }),
  });
}

describe("webhook and Slack subscribers", () => {
  it("refuses a private target unless WEBHOOK_ALLOW_PRIVATE is set", async () => {
    deps = await createTestDeps();
    const res = await addWebhook("webhook", "/hook");
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0]).toMatchObject({ path: "url" });
  });

  it("POSTs the Statuspage payload signed over timestamp + body, retried after a 5xx; Slack gets Block Kit", async () => {
    deps = await createTestDeps({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
    const api = (await makeComponent(deps, { name: "API" })).id;
    const hook = await (await addWebhook("webhook", "/hook")).json();
    expect(hook.signingSecret).toMatch(/^[a-z2-7]{40,}$/);
    await addWebhook("slack", "/slack");
    failNext = 1;
    await publishIncident(deps, { title: "Queue delays", components: [api], body: "Jobs are delayed", internal: "INTERNAL-CANARY" });
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    await dispatcher.tick();
    deps.clock.advance(60 * 60_000);
    await dispatcher.tick();
    const webhook = received.find((r) => r.path === "/hook");
    const payload = JSON.parse(webhook?.body ?? "{}");
    expect(Object.keys(payload).sort()).toEqual(["incident", "meta", "page"]);
    expect(payload.incident).toMatchObject({ name: "Queue delays", status: "investigating", impact: "major" });
    expect(payload.incident.incident_updates[0]).toMatchObject({ body: "Jobs are delayed", status: "investigating" });
    expect(payload.meta.unsubscribe).toMatch(/\/unsubscribe\//);
    const [t, v1] = String(webhook?.headers["x-clarion-signature"]).split(",");
    const ts = t?.slice(2);
    expect(v1?.slice(3)).toBe(createHmac("sha256", hook.signingSecret).update(`${ts}.${webhook?.body}`).digest("hex"));
    // One Slack post is the test message sent when the channel was added; this is the other.
    const slack = JSON.parse(received.find((r) => r.path === "/slack" && r.body.includes("Queue delays"))?.body ?? "{}");
    expect(slack.blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text", text: "Queue delays" } });
    expect(JSON.stringify(received)).not.toContain("INTERNAL-CANARY");
  });
});

describe("batched viewer resolution", () => {
  it("gives every address exactly the audiences audiencesForEmail gives it", async () => {
    deps = await createTestDeps();
    const acme = await makeAudience(deps, "acme", ["acme.com"], 10);
    await makeAudience(deps, "partners", ["partner.io"], 20);
    await makeAudience(deps, "execs", [], 5);
    await makeSubscribers(deps, [
      { email: "ceo@acme.com", audiences: [acme] },
      { email: "x@partner.io" },
      { email: "solo@example.com", audiences: [acme] },
      { email: "anon@example.com" },
    ]);
    const emails = ["ceo@acme.com", "x@partner.io", "solo@example.com", "anon@example.com", "other@acme.com"];
    const batched = await recipientViewers(deps, emails);
    for (const e of emails) expect(batched.get(e)).toEqual(audienceViewer(e, await audiencesForEmail(deps.db, e)));
    // Mixed case: the batch's old copy of the rule looked members up by the address as typed.
    const typed = await recipientViewers(deps, ["Solo@Example.com"]);
    expect(typed.get("Solo@Example.com")).toEqual(audienceViewer("Solo@Example.com", await audiencesForEmail(deps.db, "Solo@Example.com")));
    expect(typed.get("Solo@Example.com")).toMatchObject({ kind: "audience", audiences: ["acme"] });
  });
});
