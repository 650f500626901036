import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { CHAT_FORMATS, type ChatMessage, chatUrlProblem } from "../../src/notify/chat/index.ts";

// strictTypes off: the fixtures narrow a shared definition with `allOf` without repeating its type.
const ajv = new Ajv({ allErrors: true, strictTypes: false });
addFormats(ajv);
const SERVICES = ["slack", "teams", "discord", "google_chat"] as const;
const validators = Object.fromEntries(
  SERVICES.map((s) => [s, ajv.compile(JSON.parse(readFileSync(`test/fixtures/chat/${s.replace("_", "-")}.schema.json`, "utf8")))]),
);
function problems(service: (typeof SERVICES)[number], payload: unknown): string[] {
  const validate = validators[service];
  if (!validate) throw new Error(`no schema for ${service}`);
  return validate(payload) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const message = (over: Partial<ChatMessage> = {}): ChatMessage => ({
  pageName: "Acme Status",
  pageUrl: "https://status.acme.test",
  logoUrl: "https://status.acme.test/logo.png",
  brandColor: "#5b21b6",
  title: "Queue delays",
  statusLabel: "Identified",
  statusColor: "#d4501c",
  body: "Jobs are delayed <b>& retried</b>; see the status page (https://status.acme.test/)",
  components: [
    { name: "API", status: "Partial outage" },
    { name: "Workers", status: "Degraded performance" },
  ],
  url: "https://status.acme.test/incidents/abc",
  linkLabel: "View the full timeline",
  manageUrl: "https://status.acme.test/subscriptions/manage?s=abc&sig=def",
  unsubscribeUrl: "https://status.acme.test/unsubscribe/tok",
  manageLabel: "Manage your subscription",
  unsubscribeLabel: "Unsubscribe",
  labels: { status: "Status", affected: "Affected components", subscription: "Subscription" },
  ...over,
});

describe("the words around the update are the channel's language", () => {
  it("Slack, Discord and Google Chat label the components and links with the labels given, never in English", () => {
    const german = message({ labels: { status: "Status", affected: "Betroffene Komponenten", subscription: "Abonnement" } });
    for (const service of ["slack", "discord", "google_chat"] as const) {
      const text = JSON.stringify(CHAT_FORMATS[service](german));
      expect(text, service).toContain("Betroffene Komponenten");
      expect(text, service).not.toContain("Affected");
    }
    expect(JSON.stringify(CHAT_FORMATS.discord(german))).toContain('"name":"Abonnement"');
  });
});

describe("each chat format matches that service's documented payload schema", () => {
  const cases: [string, ChatMessage][] = [
    ["an ordinary update", message()],
    ["no logo and no components", message({ logoUrl: null, components: [] })],
    [
      "a very long title, body and component list",
      message({
        title: "T".repeat(400),
        body: "b".repeat(9000),
        components: Array(40).fill({ name: "C".repeat(60), status: "Major outage" }),
      }),
    ],
  ];
  for (const service of SERVICES) {
    for (const [name, m] of cases) {
      it(`${service}: ${name}`, () => {
        const payload = CHAT_FORMATS[service](m);
        expect(problems(service, payload)).toEqual([]);
        const text = JSON.stringify(payload);
        expect(text).toContain("Acme Status");
        expect(text).toContain("https://status.acme.test/incidents/abc");
        expect(text).toContain("https://status.acme.test/unsubscribe/tok");
      });
    }
  }

  it("Discord's embed stays under its 6,000-character total", () => {
    const payload = CHAT_FORMATS.discord(
      message({
        title: "T".repeat(400),
        body: "b".repeat(9000),
        components: Array(40).fill({ name: "C".repeat(90), status: "Major outage" }),
      }),
    ) as {
      embeds: {
        title: string;
        description: string;
        footer: { text: string };
        author: { name: string };
        fields: { name: string; value: string }[];
      }[];
    };
    const [embed] = payload.embeds;
    const total =
      (embed?.title.length ?? 0) + (embed?.description.length ?? 0) + (embed?.footer.text.length ?? 0) + (embed?.author.name.length ?? 0);
    const fields = (embed?.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total + fields).toBeLessThanOrEqual(6000);
  });

  it("the schemas refuse what the services refuse (so these tests can fail)", () => {
    expect(problems("slack", { text: "x", blocks: [{ type: "header", text: { type: "mrkdwn", text: "x" } }] })).not.toEqual([]);
    expect(problems("teams", { type: "message", attachments: [{ contentType: "application/json", content: {} }] })).not.toEqual([]);
    expect(problems("discord", { embeds: [{ title: "x".repeat(257) }] })).not.toEqual([]);
    expect(problems("discord", { username: "x" })).not.toEqual([]);
    expect(problems("google_chat", { cardsV2: [{ cardId: "a", card: { sections: [{ widgets: [{ textParagraph: {} }] }] } }] })).not.toEqual(
      [],
    );
  });

  it("escapes markup the service would read: Slack mrkdwn and Google Chat's HTML subset", () => {
    const slack = JSON.stringify(CHAT_FORMATS.slack(message()));
    expect(slack).toContain("&lt;b&gt;&amp; retried&lt;/b&gt;");
    const chat = JSON.stringify(CHAT_FORMATS.google_chat(message()));
    expect(chat).toContain("&lt;b&gt;&amp; retried&lt;/b&gt;");
    const discord = CHAT_FORMATS.discord(message()) as { allowed_mentions: { parse: string[] } };
    expect(discord.allowed_mentions.parse).toEqual([]);
  });
});

describe("a chat URL must be that service's incoming webhook", () => {
  it.each([
    ["slack", "https://hooks.slack.com/services/T0/B0/xyz"],
    ["teams", "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=x"],
    [
      "teams",
      "https://default1234.56.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke",
    ],
    ["discord", "https://discord.com/api/webhooks/123456/abc-DEF_9"],
    ["google_chat", "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t"],
  ] as const)("%s accepts %s", (channel, url) => {
    expect(chatUrlProblem(channel, url)).toBeNull();
  });

  it.each([
    ["slack", "http://hooks.slack.com/services/T0/B0/xyz"],
    ["slack", "https://hooks.slack.com.evil.test/services/x"],
    ["slack", "https://discord.com/api/webhooks/1/x"],
    ["teams", "https://logic.azure.com.evil.test/workflows/x"],
    ["discord", "https://discord.com/channels/1/2"],
    ["google_chat", "https://chat.googleapis.com/v1/spaces/AAAA"],
    ["google_chat", "not a url"],
  ] as const)("%s refuses %s, saying what it looks like", (channel, url) => {
    expect(chatUrlProblem(channel, url)).toMatch(/https:\/\//);
  });

  it("accepts a loopback fake only when private targets are allowed (tests)", () => {
    expect(chatUrlProblem("discord", "http://127.0.0.1:9999/api/webhooks/1/x")).not.toBeNull();
    expect(chatUrlProblem("discord", "http://127.0.0.1:9999/api/webhooks/1/x", true)).toBeNull();
  });
});
