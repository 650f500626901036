import { afterEach, describe, expect, it } from "vitest";
import { capturedEmail, deliveryBatch, notification } from "../../db/schema/index.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { selfServiceContext } from "../../src/services/subscribers/actors.ts";
import { SubscribeInput } from "../../src/services/subscribers/schemas.ts";
import { subscribe } from "../../src/services/subscribers/subscribe.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeAudience, makeComponent, makeSubscribers, publishIncident } from "../helpers/factories.ts";

let deps: TestDeps;
afterEach(() => deps?.testDb.destroy());
const fast = () => createDispatcher(deps, { bucket: new RateBucket(1000) });
const mailTo = async (to: string) => {
  const found = (await deps.db.select().from(capturedEmail)).find((m) => m.to === to);
  if (!found) throw new Error(`no email to ${to}`);
  return found;
};

describe("notification emails speak the subscriber's language", () => {
  it("subject, labels, dates and footer in each subscriber's language; Arabic reads right to left", async () => {
    deps = await createTestDeps();
    const api = (await makeComponent(deps, { name: "API" })).id;
    await makeSubscribers(deps, [
      { email: "en@example.com" },
      { email: "de@example.com", language: "de" },
      { email: "ja@example.com", language: "ja" },
      { email: "ar@example.com", language: "ar" },
      { email: "old@example.com", language: "nl" },
    ]);
    await publishIncident(deps, { title: "Elevated errors", components: [api], body: "Public words" });
    await fast().tick();

    const en = await mailTo("en@example.com");
    expect(en.subject).toBe("[Status] Elevated errors — Investigating");
    expect(en.text).toContain("Manage your subscription:");
    expect(en.html).toContain('<html lang="en" dir="ltr">');

    const de = await mailTo("de@example.com");
    expect(de.subject).toBe("[Status] Elevated errors — Wird untersucht");
    expect(de.text).toContain("Betroffene Komponenten:\n- API: Schwerer Ausfall");
    expect(de.text).toContain("Abonnement verwalten:");
    expect(de.text).toContain("Sie erhalten diese E-Mail, weil Sie Statusbenachrichtigungen von Status abonniert haben.");
    expect(de.text).not.toContain("Manage your subscription");
    expect(de.html).toContain('<html lang="de" dir="ltr">');
    // The incident's own words stay as written.
    expect(de.text).toContain("Public words");

    const ja = await mailTo("ja@example.com");
    expect(ja.subject).toBe("[Status] Elevated errors — 調査中");
    expect(ja.text).toMatch(/\d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2}/);

    const ar = await mailTo("ar@example.com");
    expect(ar.html).toContain('<html lang="ar" dir="rtl">');
    expect(ar.subject).toContain("قيد التحقيق");

    // A language Clarion does not ship (stored before the catalogues) falls back to English.
    expect((await mailTo("old@example.com")).subject).toBe(en.subject);
  });

  it("a fan-out renders each language once per batch, not once per email", async () => {
    deps = await createTestDeps();
    const languages = ["en", "de", "fr", "es", "pt-BR", "ja", "ar"];
    const specs = Array.from({ length: 70 }, (_, i) => ({ email: `s${i}@example.com`, language: languages[i % languages.length] }));
    await makeSubscribers(deps, specs);
    await publishIncident(deps, { body: "Public words" });
    await fast().tick();
    expect((await deps.db.select().from(capturedEmail)).length).toBe(70);
    const batches = await deps.db.select().from(deliveryBatch);
    const renders = batches.flatMap((b) => Object.keys(b.contents ?? {}));
    // One render per (batch, language): never one per recipient.
    for (const b of batches) {
      const langs = Object.keys(b.contents ?? {}).map((k) => k.split("|").at(-1));
      expect(new Set(langs).size).toBe(langs.length);
    }
    expect(renders.length).toBeLessThanOrEqual(batches.length * languages.length);
    expect(renders.length).toBeLessThan(70);
  });

  it("an audience variant reaches its German member in German labels, and never the public", async () => {
    deps = await createTestDeps();
    await makeAudience(deps, "acme", ["acme.com"]);
    await makeSubscribers(deps, [
      { email: "ops@acme.com", language: "de" },
      { email: "pub@example.com", language: "de" },
    ]);
    await publishIncident(deps, { body: "Public words", variants: { acme: "ACME-CANARY words" } });
    await fast().tick();
    const member = await mailTo("ops@acme.com");
    const reader = await mailTo("pub@example.com");
    expect(member.text).toContain("ACME-CANARY");
    expect(member.subject).toContain("Wird untersucht");
    expect(reader.html + reader.text).not.toContain("ACME-CANARY");
    expect(reader.subject).toContain("Wird untersucht");
    expect((await deps.db.select().from(notification)).length).toBe(1);
  });

  it("the confirmation and 'already subscribed' emails use the language chosen on the subscribe page", async () => {
    deps = await createTestDeps();
    const ctx = selfServiceContext("test", "203.0.113.7");
    await subscribe(deps, ctx, SubscribeInput.parse({ email: "ana@example.com", language: "pt-BR" }));
    await fast().tick();
    const confirm = await mailTo("ana@example.com");
    expect(confirm.subject).toBe("Confirme sua inscrição em Status");
    expect(confirm.text).toContain("notificações de Status sobre: todos os componentes.");
    expect(confirm.html).toContain('lang="pt-BR"');
  });
});
