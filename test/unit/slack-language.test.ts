import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/index.ts";
import { slackBlocks } from "../../src/notify/webhook-payload.ts";

const scope = { deps: { env: { PUBLIC_URL: "https://status.example" } }, pageName: "Acme" } as never;
const incident = { id: "abc123def456", kind: "incident", title: "Elevated errors" } as never;
const update = { status: "identified", body: "We found it." } as never;

describe("Slack messages", () => {
  it("word the status and the timeline link in the subscriber's language", () => {
    const de = JSON.stringify(slackBlocks(scope, incident, update, translator("de")));
    expect(de).toContain("Ursache gefunden");
    expect(de).toContain("|Gesamten Verlauf ansehen>");
    expect(de).not.toContain("identified");
  });

  it("stay in English when no language is given", () => {
    const en = slackBlocks(scope, incident, update);
    expect(en.text).toBe("Elevated errors: Identified");
  });
});
