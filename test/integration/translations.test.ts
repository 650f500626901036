import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent, capturedEmail, deliveryBatch, message } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { ForbiddenError, ValidationError } from "../../src/lib/errors.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { ANONYMOUS, audienceViewer } from "../../src/projection/index.ts";
import { closeIncident } from "../../src/services/closures/close.ts";
import { CloseIncident } from "../../src/services/closures/schemas.ts";
import { publishPostmortem } from "../../src/services/postmortems/publish.ts";
import { savePostmortem } from "../../src/services/postmortems/save.ts";
import { loadIncidentPage } from "../../src/services/public/incident.ts";
import { statuspageDocument } from "../../src/services/public/statuspage.ts";
import { listTranslations } from "../../src/services/translations/list.ts";
import { removeTranslation } from "../../src/services/translations/remove.ts";
import { SetTranslation } from "../../src/services/translations/schemas.ts";
import { setTranslation } from "../../src/services/translations/set.ts";
import { editUpdate } from "../../src/services/updates/edit.ts";
import { EditUpdate } from "../../src/services/updates/schemas.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeAudience, makeComponent, makeSubscribers, publishIncident } from "../helpers/factories.ts";
import { type FakeChat, startFakeChat } from "../helpers/fake-chat.ts";
import { callApi, counts, seedSubscriber } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let owner: TestMember;
let viewer: TestMember;
let responder: TestMember;
let incidentId: string;
let chat: FakeChat;
let publicId: string;
let acmeId: string;
const acme = audienceViewer("ops@acme.com", ["acme"]);
const set = (who: TestMember, input: Record<string, unknown>) => setTranslation(deps, who.ctx, incidentId, SetTranslation.parse(input));

beforeAll(async () => {
  deps = await createTestDeps({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
  chat = await startFakeChat({ keepBodies: true });
  await seedSubscriber(deps, chat.urlOf("slack"), { channel: "slack", language: "de" });
  await seedSubscriber(deps, `${chat.urlOf("slack")}-fr`, { channel: "slack", language: "fr" });
  owner = await createMember(deps, "owner");
  viewer = await createMember(deps, "viewer");
  responder = await createMember(deps, "responder");
  await makeAudience(deps, "acme", ["acme.com"]);
  const api = (await makeComponent(deps, { name: "API" })).id;
  await makeSubscribers(deps, [
    { email: "de@example.com", language: "de" },
    { email: "fr@example.com", language: "fr" },
    { email: "ops@acme.com", language: "de" },
    { email: "en@example.com" },
  ]);
  const published = await publishIncident(deps, {
    title: "Login failures",
    components: [api],
    body: "Logins fail for some users.",
    variants: { acme: "Acme: your SSO logins fail." },
  });
  incidentId = published.incidentId;
  const rows = await deps.db.select().from(message);
  publicId = rows.find((m) => m.kind === "public")?.id as string;
  acmeId = rows.find((m) => m.kind === "variant")?.id as string;
});
afterAll(async () => {
  await chat.close();
  deps.testDb.destroy();
});

describe("translation verbs", () => {
  it("a viewer may not translate or remove a translation (403), and nothing changes", async () => {
    const before = await counts(deps, { audit: auditEvent });
    await expect(set(viewer, { kind: "message", targetId: publicId, language: "de", body: "Nein." })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      removeTranslation(deps, viewer.ctx, incidentId, { kind: "message", targetId: publicId, language: "de" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const res = await callApi(createApi(deps), viewer, "PUT", `/incidents/${incidentId}/translations`, {
      kind: "message",
      targetId: publicId,
      language: "de",
      body: "Nein.",
    });
    expect(res.status).toBe(403);
    expect(await counts(deps, { audit: auditEvent })).toEqual(before);
    expect((await deps.db.select().from(message)).every((m) => Object.keys(m.translations).length === 0)).toBe(true);
  });

  it("a responder may translate the public text but not an audience variant", async () => {
    await expect(
      set(responder, { kind: "message", targetId: acmeId, language: "de", body: "Acme: Ihre SSO-Anmeldungen schlagen fehl." }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const saved = await set(responder, { kind: "message", targetId: publicId, language: "de", body: "Anmeldungen schlagen fehl." });
    expect(saved).toMatchObject({ created: true, language: "de" });
  });

  it("refuses the default language, a language the page does not offer, and internal notes, saying what to do", async () => {
    await expect(set(owner, { kind: "message", targetId: publicId, language: "en", body: "x" })).rejects.toThrow(/edit it instead/);
    await expect(set(owner, { kind: "message", targetId: publicId, language: "nl", body: "x" })).rejects.toThrow(/Offered languages/);
    await expect(set(owner, { kind: "message", targetId: publicId, language: "xx", body: "x" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("the owner translates the variant over the API; the list shows what each text still lacks", async () => {
    const res = await callApi(createApi(deps), owner, "PUT", `/incidents/${incidentId}/translations`, {
      kind: "message",
      targetId: acmeId,
      language: "de",
      body: "Acme: Ihre SSO-Anmeldungen schlagen fehl.",
    });
    expect(res.status).toBe(200);
    await set(owner, { kind: "message", targetId: publicId, language: "ar", body: "يفشل تسجيل الدخول لبعض المستخدمين." });
    const listed = await listTranslations(deps, viewer.ctx, incidentId);
    expect(listed.defaultLanguage).toBe("en");
    expect(listed.languages).toEqual(["de", "fr", "es", "pt-BR", "ja", "ar"]);
    const pub = listed.texts.find((t) => t.targetId === publicId);
    expect(pub?.missing).toEqual(["fr", "es", "pt-BR", "ja"]);
    expect(listed.texts.find((t) => t.targetId === acmeId)).toMatchObject({ audience: "acme", missing: ["fr", "es", "pt-BR", "ja", "ar"] });
  });
});

describe("readers", () => {
  it("a German reader gets German, a French reader the original with the note; Acme's German never reaches the public", async () => {
    const de = await loadIncidentPage(deps, ANONYMOUS, incidentId, "incident", "de");
    expect(de?.incident.updates[0]).toMatchObject({ body: "Anmeldungen schlagen fehl.", language: "de", untranslated: false });
    const fr = await loadIncidentPage(deps, ANONYMOUS, incidentId, "incident", "fr");
    expect(fr?.incident.updates[0]).toMatchObject({ body: "Logins fail for some users.", language: "en", untranslated: true });
    const acmeDe = await loadIncidentPage(deps, acme, incidentId, "incident", "de");
    expect(acmeDe?.incident.updates[0]?.body).toBe("Acme: Ihre SSO-Anmeldungen schlagen fehl.");
    for (const language of ["en", "de", "fr", "ar"]) {
      const page = JSON.stringify(await loadIncidentPage(deps, ANONYMOUS, incidentId, "incident", language));
      expect(page).not.toContain("Acme");
      const v2 = JSON.stringify(await statuspageDocument(deps, ANONYMOUS, "incidents", "https://status.test", language));
      expect(v2).not.toContain("Acme");
    }
  });

  it("/api/v2 stays in the default language and swaps in a body only on ?lang=", async () => {
    const plain = JSON.stringify(await statuspageDocument(deps, ANONYMOUS, "summary", "https://status.test"));
    expect(plain).toContain("Logins fail for some users.");
    const german = JSON.stringify(await statuspageDocument(deps, ANONYMOUS, "summary", "https://status.test", "de"));
    expect(german).toContain("Anmeldungen schlagen fehl.");
    expect(german).not.toContain("Logins fail for some users.");
  });
});

describe("subscribers", () => {
  it("each gets the translation in their language, rendered once per language; the Acme German only to Acme", async () => {
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    for (let i = 0; i < 10 && (await dispatcher.tick()) > 0; i++);
    await dispatcher.stop();
    const mail = await deps.db.select().from(capturedEmail);
    const to = (address: string) => {
      const m = mail.find((x) => x.to === address);
      if (!m) throw new Error(`no email to ${address}`);
      return `${m.subject}\n${m.text}\n${m.html}`;
    };
    expect(to("de@example.com")).toContain("Anmeldungen schlagen fehl.");
    expect(to("de@example.com")).toContain("Wird untersucht");
    expect(to("de@example.com")).not.toContain("Logins fail");
    expect(to("de@example.com")).not.toContain("Noch nicht übersetzt");
    expect(to("fr@example.com")).toContain("Logins fail for some users.");
    expect(to("fr@example.com")).toContain("Pas encore traduit");
    expect(to("ops@acme.com")).toContain("Acme: Ihre SSO-Anmeldungen schlagen fehl.");
    expect(to("en@example.com")).toContain("Logins fail for some users.");
    for (const address of ["de@example.com", "fr@example.com", "en@example.com"]) expect(to(address)).not.toContain("Acme");
    const keys = (await deps.db.select().from(deliveryBatch)).flatMap((b) => Object.keys(b.contents ?? {}));
    expect(keys.length).toBe(new Set(keys).size);
    expect(keys.length).toBeLessThanOrEqual(4);
    // Chat: the German channel reads German; the French one the original with the French note.
    const posts = chat.posts.map((p) => ({ path: p.path, body: JSON.stringify(p.body) }));
    const german = posts.find((p) => !p.path.endsWith("-fr"))?.body ?? "";
    const french = posts.find((p) => p.path.endsWith("-fr"))?.body ?? "";
    expect(german).toContain("Anmeldungen schlagen fehl.");
    expect(french).toContain("Logins fail for some users.");
    expect(french).toContain("Pas encore traduit");
    expect(german + french).not.toContain("Acme");
  });
});

describe("closing texts and edits", () => {
  it("closure, apology, commitment and postmortem translate; an edit keeps the translations of words it did not change", async () => {
    await closeIncident(
      deps,
      { actor: SYSTEM },
      incidentId,
      CloseIncident.parse({
        summary: "Fixed the login pool.",
        apology: "Sorry.",
        commitments: [{ text: "Add a second pool.", owner: "SRE", visibility: "public" }],
      }),
    );
    await savePostmortem(deps, { actor: SYSTEM }, incidentId, { body: "What happened." });
    await publishPostmortem(deps, { actor: SYSTEM }, incidentId, { notify: false });
    const listed = await listTranslations(deps, owner.ctx, incidentId);
    const summary = listed.texts.find((t) => t.update?.kind === "closure");
    const commitment = listed.texts.find((t) => t.kind === "commitment");
    await set(owner, { kind: "message", targetId: summary?.targetId, language: "fr", body: "Le pool de connexions est réparé." });
    await set(owner, { kind: "commitment", targetId: commitment?.targetId, language: "fr", body: "Ajouter un second pool." });
    await set(owner, { kind: "postmortem", targetId: incidentId, language: "fr", body: "Ce qui s’est passé." });
    await expect(
      set(responder, { kind: "commitment", targetId: commitment?.targetId, language: "de", body: "Einen zweiten Pool." }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const fr = (await loadIncidentPage(deps, ANONYMOUS, incidentId, "incident", "fr"))?.incident;
    expect(fr?.closure).toMatchObject({ summary: "Le pool de connexions est réparé.", apology: "Sorry.", apologyUntranslated: true });
    expect(fr?.commitments[0]?.text).toBe("Ajouter un second pool.");
    expect(fr?.postmortem).toMatchObject({ body: "Ce qui s’est passé.", language: "fr", untranslated: false });
    const ja = (await loadIncidentPage(deps, ANONYMOUS, incidentId, "incident", "ja"))?.incident;
    expect(ja?.postmortem).toMatchObject({ body: "What happened.", untranslated: true });

    const first = (await listTranslations(deps, owner.ctx, incidentId)).texts.find((t) => t.targetId === publicId);
    await editUpdate(
      deps,
      owner.ctx,
      { incidentId, updateId: first?.update?.id as string },
      EditUpdate.parse({ body: "Logins fail for some users.", variants: [{ audience: "acme", body: "Acme: SSO logins fail (edited)." }] }),
    );
    const after = (await listTranslations(deps, owner.ctx, incidentId)).texts.filter((t) => t.update?.id === first?.update?.id);
    expect(after.find((t) => t.audience === null)?.translations).toEqual({
      de: "Anmeldungen schlagen fehl.",
      ar: "يفشل تسجيل الدخول لبعض المستخدمين.",
    });
    expect(after.find((t) => t.audience === "acme")?.translations).toEqual({});
    expect(await removeTranslation(deps, owner.ctx, incidentId, { kind: "postmortem", targetId: incidentId, language: "fr" })).toEqual({
      removed: true,
    });
  });
});
