import { afterEach, describe, expect, it } from "vitest";
import { capturedEmail, pageSettings } from "../../db/schema/index.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { contrastRatio } from "../../src/lib/contrast.ts";
import { COMPONENT_COALESCE_MS } from "../../src/notify/component-change.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { closeIncident } from "../../src/services/closures/close.ts";
import { CloseIncident } from "../../src/services/closures/schemas.ts";
import { updateComponent } from "../../src/services/components/update.ts";
import { createIncident } from "../../src/services/incidents/create.ts";
import { CreateIncident } from "../../src/services/incidents/schemas.ts";
import { selfServiceContext } from "../../src/services/subscribers/actors.ts";
import { SubscribeInput } from "../../src/services/subscribers/schemas.ts";
import { subscribe } from "../../src/services/subscribers/subscribe.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeSubscribers, publishIncident } from "../helpers/factories.ts";

const PUBLIC = "https://status.acme.test";
const BRAND = { name: "Acme Cloud Status", brandColor: "#f5c518", logoUrl: "/brand/logo.png", supportUrl: "https://acme.test/help" };
let deps: TestDeps;
afterEach(() => deps?.testDb.destroy());

async function world() {
  deps = await createTestDeps({ env: { PUBLIC_URL: PUBLIC } });
  await deps.db
    .insert(pageSettings)
    .values({ id: 1, ...BRAND, updatedAt: deps.clock.now() })
    .onConflictDoUpdate({ target: pageSettings.id, set: BRAND });
  const api = (await makeComponent(deps, { name: "REST API" })).id;
  await makeSubscribers(deps, [
    { email: "en@example.com", componentUpdates: true },
    { email: "de@example.com", language: "de", componentUpdates: true },
  ]);
  return { api };
}

async function drain(): Promise<void> {
  const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
  for (let i = 0; i < 8; i++) await dispatcher.tick();
}

async function mail(to: string, subject: RegExp) {
  const found = (await deps.db.select().from(capturedEmail)).filter((m) => m.to === to && subject.test(m.subject));
  expect(found, `one email to ${to} matching ${subject}`).toHaveLength(1);
  return found[0] as typeof capturedEmail.$inferSelect;
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] as string);
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe("subscriber emails carry the page's brand", () => {
  it("logo (absolute), brand colour, a translated status pill, absolute links only and the whole footer, from the page's name", async () => {
    const { api } = await world();
    await publishIncident(deps, { title: "Elevated errors", components: [api], body: "See [the status page](/) and [history](/history)." });
    await drain();
    for (const [to, label, manage] of [
      ["en@example.com", "Investigating", "Manage your subscription"],
      ["de@example.com", "Wird untersucht", "Abonnement verwalten"],
    ] as const) {
      const m = await mail(to, /Elevated errors/);
      expect(m.from).toBe(`"Acme Cloud Status" <status@localhost>`);
      expect(m.html).toContain(`<img class="logo" src="${PUBLIC}/brand/logo.png" alt="Acme Cloud Status"`);
      expect(m.html).toContain("#f5c518");
      // The pill: the label in the reader's words, never the stored value.
      expect(m.html).toMatch(new RegExp(`<span class="pill"[^>]*>${label}</span>`));
      expect(m.html).not.toMatch(/>investigating</);
      for (const href of hrefs(m.html)) expect(href, `${to}: ${href}`).toMatch(/^https:\/\//);
      expect(hrefs(m.html)).toEqual(
        expect.arrayContaining([
          `${PUBLIC}/`,
          `${PUBLIC}/history`,
          PUBLIC,
          "https://acme.test/help",
          expect.stringContaining(`${PUBLIC}/unsubscribe/`),
        ]),
      );
      expect(m.html).toContain(`>${manage}</a>`);
      expect(m.text).toContain(`${manage}: ${PUBLIC}/subscriptions/manage?s=`);
    }
  });

  it("a pale brand colour keeps its links and button readable: darkened links, black words on the button", async () => {
    await world();
    await subscribe(deps, selfServiceContext("test"), SubscribeInput.parse({ email: "new@example.com" }));
    await drain();
    const m = await mail("new@example.com", /Confirm/);
    const link = /a \{ color:(#[0-9a-f]{6}); \}/.exec(m.html)?.[1] as string;
    expect(contrastRatio(link, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(m.html).toMatch(/class="btn" style="[^"]*background:#f5c518;color:#000000/);
    expect(m.from).toBe(`"Acme Cloud Status" <status@localhost>`);
  });

  it("the closure says its summary once and names what was affected during the incident, not its status now", async () => {
    const { api } = await world();
    const { id: incidentId } = await createIncident(
      deps,
      { actor: SYSTEM },
      CreateIncident.parse({
        title: "Elevated errors",
        body: "Looking.",
        visibility: "public",
        impact: "major",
        components: [{ id: api, status: "major_outage" }],
      }),
    );
    await drain();
    const summary = "SUMMARY-7Q: a bad deploy, rolled back at 13:05.";
    await closeIncident(
      deps,
      { actor: SYSTEM },
      incidentId,
      CloseIncident.parse({ summary, components: [{ id: api, status: "operational" }] }),
    );
    await drain();
    const m = await mail("en@example.com", /Resolved: Elevated errors/);
    expect(count(m.html, "SUMMARY-7Q")).toBe(1);
    expect(count(m.text, "SUMMARY-7Q")).toBe(1);
    expect(m.html).toMatch(/<span class="pill"[^>]*>Resolved<\/span>/);
    expect(m.text).toContain("Components affected during this incident:\n- REST API: Major outage");
    expect(m.text).not.toContain("REST API: Operational");
    expect(m.text).not.toContain("(operational)");
  });

  it("a component status change reaches a German subscriber in German, branded", async () => {
    const { api } = await world();
    await updateComponent(deps, { actor: SYSTEM }, api, { status: "partial_outage" });
    deps.clock.advance(COMPONENT_COALESCE_MS);
    await drain();
    const de = await mail("de@example.com", /REST API/);
    expect(de.subject).toBe("[Acme Cloud Status] REST API: Teilausfall");
    expect(de.text).toContain("Vor dieser Änderung: Betriebsbereit");
    expect(de.html).toContain('<html lang="de" dir="ltr">');
    expect(de.html).toContain("Abonnement verwalten");
    expect(de.html).toContain(`${PUBLIC}/brand/logo.png`);
    expect(de.from).toBe(`"Acme Cloud Status" <status@localhost>`);
    const en = await mail("en@example.com", /REST API/);
    expect(en.subject).toBe("[Acme Cloud Status] REST API: Partial outage");
    expect(en.text).toContain("Before this change: Operational");
  });
});
