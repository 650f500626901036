import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/index.ts";
import { CHAT_FORMATS, chatMessageFor } from "../../src/notify/chat/index.ts";

const scope = { deps: { env: { PUBLIC_URL: "https://status.example" } }, pageName: "Acme", brandColor: "#2457d6" } as never;
const incident = { id: "abc123def456", kind: "incident", title: "Elevated errors", impact: "major", components: [] } as never;
const update = { status: "identified", body: "We found it." } as never;
const links = { manageUrl: "https://status.example/m", unsubscribeUrl: "https://status.example/u" };

describe("chat messages", () => {
  it("word the status and the timeline link in the subscriber's language, in every service's format", () => {
    for (const format of Object.values(CHAT_FORMATS)) {
      const de = JSON.stringify(format({ ...chatMessageFor(scope, incident, update, translator("de")), ...links }));
      expect(de).toContain("Ursache gefunden");
      expect(de).toContain("Gesamten Verlauf ansehen");
      expect(de).not.toContain("Identified");
    }
  });

  it("stay in English when no language is given", () => {
    const en = JSON.stringify(CHAT_FORMATS.slack({ ...chatMessageFor(scope, incident, update), ...links }));
    expect(en).toContain("Identified");
    expect(en).toContain("See the full timeline");
  });
});
