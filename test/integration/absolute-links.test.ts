import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { capturedEmail } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeSubscribers, publishIncident } from "../helpers/factories.ts";
import { callApi, seedComponent } from "../helpers/incident-fixtures.ts";

/** Relative links as an author writes them, one inside a code span that must stay as typed. */
const BODY = "Follow [the status page](/) and [the API details](/incidents/abc?x=1#now). `[kept](/code)` [docs](https://docs.acme.test/x)";
const PUBLIC = "https://status.acme.test";

let receiver: Server;
let receiverUrl = "";
const received: { path: string; body: string }[] = [];
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => receiver.close(r)));
let deps: TestDeps;
afterEach(() => deps?.testDb.destroy());

const tick = () => createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();

describe("relative links in message bodies are resolved against PUBLIC_URL", () => {
  it("in the email's HTML and text, the Statuspage webhook body and the Slack message; code spans untouched", async () => {
    deps = await createTestDeps({ env: { PUBLIC_URL: PUBLIC, WEBHOOK_ALLOW_PRIVATE: "true" } });
    const admin = await createMember(deps, "admin");
    const api = createApi(deps);
    for (const [channel, path] of [
      ["webhook", "/hook"],
      ["slack", "/slack"],
    ])
      expect((await callApi(api, admin, "POST", "/subscribers/webhooks", { channel, url: `${receiverUrl}${path}` })).status).toBe(201);
    await makeSubscribers(deps, [{ email: "reader@example.com" }]);
    await publishIncident(deps, { body: BODY });
    await tick();

    const [mail] = await deps.db.select().from(capturedEmail);
    expect(mail?.html).toContain(`href="${PUBLIC}/"`);
    expect(mail?.html).toContain(`href="${PUBLIC}/incidents/abc?x=1#now"`);
    expect(mail?.html).toContain(`href="https://docs.acme.test/x"`);
    expect(mail?.html).toContain("<code>[kept](/code)</code>");
    expect(mail?.html).not.toMatch(/href="\//);
    expect(mail?.text).toContain(`the status page (${PUBLIC}/)`);
    expect(mail?.text).toContain(`the API details (${PUBLIC}/incidents/abc?x=1#now)`);

    const hook = JSON.parse(received.find((r) => r.path === "/hook")?.body ?? "{}");
    expect(hook.incident.incident_updates[0].body).toBe(
      `Follow [the status page](${PUBLIC}/) and [the API details](${PUBLIC}/incidents/abc?x=1#now). \`[kept](/code)\` [docs](https://docs.acme.test/x)`,
    );
    // One Slack post is the test message sent when the channel was added; this is the other.
    const slack = JSON.parse(received.find((r) => r.path === "/slack" && !r.body.includes("is connected"))?.body ?? "{}");
    const section = JSON.stringify(slack.blocks);
    expect(section).toContain(`the status page (${PUBLIC}/)`);
    expect(section).toContain(`the API details (${PUBLIC}/incidents/abc?x=1#now)`);
    expect(section).not.toMatch(/\(\/incidents/);
  });

  it("in a closure email's summary and apology", async () => {
    deps = await createTestDeps({ env: { PUBLIC_URL: `${PUBLIC}/` } });
    const admin = await createMember(deps, "admin");
    const api = createApi(deps);
    const comp = await seedComponent(deps, "API");
    await makeSubscribers(deps, [{ email: "reader@example.com" }]);
    const created = await callApi(api, admin, "POST", "/incidents", {
      title: "Outage",
      visibility: "public",
      body: "Down.",
      components: [{ id: comp, status: "major_outage" }],
    });
    const { id } = await created.json();
    const closed = await callApi(api, admin, "POST", `/incidents/${id}/closure`, {
      summary: "Fixed; see [the review](/incidents/review).",
      apology: "Sorry. [Credits](credits) follow.",
    });
    expect(closed.status).toBeLessThan(300);
    await tick();
    const mails = await deps.db.select().from(capturedEmail);
    const closure = mails.find((m) => m.text.includes("Fixed; see"));
    expect(closure?.html).toContain(`href="${PUBLIC}/incidents/review"`);
    expect(closure?.html).toContain(`href="${PUBLIC}/credits"`);
    expect(closure?.text).toContain(`the review (${PUBLIC}/incidents/review)`);
  });
});

describe("one-click unsubscribe is only advertised over https", () => {
  it("https: List-Unsubscribe and List-Unsubscribe-Post; http: List-Unsubscribe alone", async () => {
    for (const [url, oneClick] of [
      [PUBLIC, true],
      ["http://status.test", false],
    ] as const) {
      deps = await createTestDeps({ env: { PUBLIC_URL: url } });
      await makeSubscribers(deps, [{ email: "reader@example.com" }]);
      await publishIncident(deps, { body: "x" });
      await tick();
      const [mail] = await deps.db.select().from(capturedEmail);
      const headers = mail?.headers as Record<string, string>;
      expect(headers["List-Unsubscribe"]).toMatch(new RegExp(`^<${url}/unsubscribe/[a-z2-7]{40,}>$`));
      expect(headers["List-Unsubscribe-Post"]).toBe(oneClick ? "List-Unsubscribe=One-Click" : undefined);
      deps.testDb.destroy();
    }
  });
});
