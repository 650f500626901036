import { describe, expect, it } from "vitest";
import {
  ANONYMOUS,
  audienceViewer,
  localizeIncident,
  type ProjectedIncident,
  pickMessage,
  pickTranslation,
  projectClosure,
} from "../../src/projection/index.ts";
import type { StoredMessage } from "../../src/projection/visibility.ts";

const en = { language: "en", defaultLanguage: "en" };
const de = { language: "de", defaultLanguage: "en" };
const fr = { language: "fr", defaultLanguage: "en" };
const acme = audienceViewer("ops@acme.com", ["acme"]);
const globex = audienceViewer("it@globex.com", ["globex"]);

const messages: StoredMessage[] = [
  { kind: "public", audienceSlug: null, body: "Logins fail.", translations: { de: "Anmeldungen schlagen fehl.", ar: "فشل تسجيل الدخول." } },
  { kind: "variant", audienceSlug: "acme", body: "Acme: your SSO is affected.", translations: { de: "Acme: Ihr SSO ist betroffen." } },
  { kind: "internal", audienceSlug: null, body: "db01 is down", translations: { de: "db01 ist ausgefallen" } },
];

/** What a viewer reads in a language: the message the projection picks, then its translation. */
function read(viewer: Parameters<typeof pickMessage>[0], reader: typeof de): string | null {
  const picked = pickMessage(viewer, messages);
  return picked ? pickTranslation(picked.body, picked.translations, reader).text : null;
}

describe("pickTranslation", () => {
  it("gives the reader's language when the text has it", () => {
    expect(pickTranslation("Logins fail.", { de: "Anmeldungen schlagen fehl." }, de)).toEqual({
      text: "Anmeldungen schlagen fehl.",
      language: "de",
      untranslated: false,
    });
  });

  it("falls back to the default language, marked untranslated, when it does not", () => {
    expect(pickTranslation("Logins fail.", { de: "Anmeldungen schlagen fehl." }, fr)).toEqual({
      text: "Logins fail.",
      language: "en",
      untranslated: true,
    });
    expect(pickTranslation("Logins fail.", { fr: "   " }, fr).untranslated).toBe(true);
    expect(pickTranslation("Logins fail.", undefined, fr).untranslated).toBe(true);
  });

  it("a reader of the default language gets the text as written, never a note", () => {
    expect(pickTranslation("Logins fail.", { de: "Anmeldungen schlagen fehl." }, en)).toEqual({
      text: "Logins fail.",
      language: "en",
      untranslated: false,
    });
  });

  it("is not fooled by inherited keys", () => {
    expect(pickTranslation("Logins fail.", {}, { language: "constructor", defaultLanguage: "en" }).text).toBe("Logins fail.");
  });
});

describe("a translation has exactly the visibility of the text it translates", () => {
  it("the Acme variant's German reaches Acme readers and nobody else, in any language", () => {
    expect(read(acme, de)).toBe("Acme: Ihr SSO ist betroffen.");
    for (const viewer of [ANONYMOUS, globex]) {
      for (const language of ["en", "de", "fr", "ar"]) {
        const text = read(viewer, { language, defaultLanguage: "en" });
        expect(text).not.toContain("Acme");
        expect(text).not.toContain("db01");
      }
      expect(read(viewer, de)).toBe("Anmeldungen schlagen fehl.");
    }
  });

  it("the closure's summary and apology carry only their own translations", () => {
    const live = new Map<string, StoredMessage[]>([
      ["s", [{ kind: "public", audienceSlug: null, body: "Fixed.", translations: { de: "Behoben." } }]],
      ["a", [{ kind: "variant", audienceSlug: "acme", body: "Sorry, Acme.", translations: { de: "Entschuldigung, Acme." } }]],
    ]);
    const link = { updateId: "s", apologyUpdateId: "a" };
    const forPublic = projectClosure(ANONYMOUS, "resolved", link, live);
    expect(JSON.stringify(forPublic)).not.toContain("Acme");
    expect(projectClosure(acme, "resolved", link, live)?.apologyTranslations).toEqual({ de: "Entschuldigung, Acme." });
  });
});

describe("localizeIncident", () => {
  const incident = {
    id: "inc000000001",
    updates: [
      { id: "u2", body: "Fixed.", translations: { de: "Behoben." } },
      { id: "u1", body: "Looking into it." },
    ],
    closure: {
      summary: "Fixed.",
      apology: "Sorry.",
      summaryTranslations: { de: "Behoben." },
      apologyTranslations: { de: "Entschuldigung." },
    },
    commitments: [
      { id: "c1", text: "Add a replica.", owner: "SRE", dueAt: null, state: "planned", translations: { fr: "Ajouter un réplica." } },
    ],
    postmortem: { body: "What happened.", publishedAt: new Date(0), translations: { de: "Was geschah." } },
  } as unknown as ProjectedIncident;

  it("puts every text in the reader's language and marks what is missing", () => {
    const local = localizeIncident(incident, de);
    expect(local.updates.map((u) => [u.body, u.language, u.untranslated])).toEqual([
      ["Behoben.", "de", false],
      ["Looking into it.", "en", true],
    ]);
    expect(local.closure).toMatchObject({ summary: "Behoben.", apology: "Entschuldigung.", untranslated: false });
    expect(local.commitments[0]).toMatchObject({ text: "Add a replica.", untranslated: true });
    expect(local.postmortem).toMatchObject({ body: "Was geschah.", language: "de" });
  });

  it("drops the other languages so nothing downstream shows them", () => {
    const local = JSON.stringify(localizeIncident(incident, de));
    expect(local).not.toContain("Ajouter");
    expect(local).not.toContain("translations");
  });
});
