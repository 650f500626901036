import { describe, expect, it } from "vitest";
import { ANONYMOUS, audienceViewer, projectClosure, TEAM } from "../../src/projection/index.ts";
import type { StoredMessage } from "../../src/projection/visibility.ts";

const acme = audienceViewer("ops@acme.com", ["acme"]);
const globex = audienceViewer("x@globex.com", ["globex"]);
const link = { updateId: "summary00001", apologyUpdateId: "apology00001" };
const words = (): Map<string, StoredMessage[]> =>
  new Map<string, StoredMessage[]>([
    [
      "summary00001",
      [
        { kind: "public", audienceSlug: null, body: "Resolved." },
        { kind: "internal", audienceSlug: null, body: "root cause notes" },
      ],
    ],
    [
      "apology00001",
      [
        { kind: "public", audienceSlug: null, body: "Sorry." },
        { kind: "variant", audienceSlug: "acme", body: "Acme, sorry; a credit follows." },
      ],
    ],
  ]);

describe("projectClosure", () => {
  it("gives each viewer the apology meant for them, as pickMessage does for updates", () => {
    expect(projectClosure(ANONYMOUS, "resolved", link, words())).toEqual({ summary: "Resolved.", apology: "Sorry." });
    expect(projectClosure(globex, "resolved", link, words())?.apology).toBe("Sorry.");
    expect(projectClosure(acme, "postmortem", link, words())?.apology).toBe("Acme, sorry; a credit follows.");
    expect(projectClosure(TEAM, "resolved", link, words())?.summary).toBe("Resolved.");
  });

  it("an apology meant only for an audience is nobody else's", () => {
    const live = words();
    live.set("apology00001", [{ kind: "variant", audienceSlug: "acme", body: "Acme only" }]);
    expect(projectClosure(ANONYMOUS, "resolved", link, live)).toEqual({ summary: "Resolved.", apology: null });
    expect(projectClosure(acme, "resolved", link, live)?.apology).toBe("Acme only");
  });

  it("a retracted apology step (not live) drops the apology; a retracted closure step drops the closure", () => {
    const noApology = words();
    noApology.delete("apology00001");
    expect(projectClosure(acme, "resolved", link, noApology)).toEqual({ summary: "Resolved.", apology: null });
    const noSummary = words();
    noSummary.delete("summary00001");
    expect(projectClosure(acme, "resolved", link, noSummary)).toBeNull();
  });

  it("a reopened incident shows no closure; no link, no closure", () => {
    expect(projectClosure(ANONYMOUS, "investigating", link, words())).toBeNull();
    expect(projectClosure(ANONYMOUS, "resolved", undefined, words())).toBeNull();
  });
});
