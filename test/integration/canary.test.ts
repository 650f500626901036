import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedEmail, message } from "../../db/schema/index.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { resolveViewer } from "../../src/projection/index.ts";
import { createServerApp } from "../../src/server/app.ts";
import { loadComponentPage } from "../../src/services/public/component.ts";
import { loadHistoryPage } from "../../src/services/public/history.ts";
import { loadIncidentPage } from "../../src/services/public/incident.ts";
import { loadStatusPage } from "../../src/services/public/page.ts";
import { STATUSPAGE_ENDPOINTS } from "../../src/services/public/statuspage.ts";
import {
  CHURNED,
  CLOSURE_CHURN,
  findLeaks,
  makeCanaries,
  PUBLIC_GERMAN,
  PUBLIC_GERMAN_SUMMARY,
  plantCanaries,
  plantTranslationCanaries,
  TRANSLATION_CANARIES,
  viewerCookieFor,
} from "../helpers/canary.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { seedSubscriber } from "../helpers/incident-fixtures.ts";

/**
 * The canary proof: unique strings planted in internal notes, restricted variants, restricted
 * incidents and components never reach anonymous viewers or other audiences on any public
 * surface or outgoing message — and do reach the entitled viewer, so the suite can fail.
 */
const C = makeCanaries();
let deps: TestDeps;
let app: ReturnType<typeof createServerApp>;
let hook: Server;
const hookBodies: string[] = [];
const ids: Record<string, string> = {};
const viewers: Record<string, string | undefined> = {};
const RESTRICTED = Object.keys(C);
/** What the acme viewer must see somewhere across the public surfaces (internal-only strings never). */
const FOR_ACME = [
  "restrictedVariant",
  "restrictedVariantLater",
  "restrictedIncidentTitle",
  "restrictedIncidentBody",
  "restrictedComponent",
  "restrictedApology",
  "restrictedCommitment",
  "restrictedMaintenance",
  "restrictedApologyEdited",
  "reclosedApology",
  ...TRANSLATION_CANARIES,
];
const started = performance.now();

/** Pages render through Astro in production; here the stand-in serializes the very models those pages render. */
async function renderPageModel(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const viewer = await resolveViewer(deps, request);
  const lang = url.searchParams.get("lang") ?? undefined;
  const detail = /^\/(incidents|maintenance)\/([0-9a-z]{12})$/.exec(url.pathname);
  const component = /^\/components\/([0-9a-z]{12})$/.exec(url.pathname);
  const model = detail
    ? await loadIncidentPage(deps, viewer, detail[2], detail[1] === "incidents" ? "incident" : "maintenance", lang)
    : component
      ? await loadComponentPage(deps, viewer, component[1], lang)
      : url.pathname === "/history"
        ? await loadHistoryPage(deps, viewer, { page: url.searchParams.get("page"), component: url.searchParams.get("component") }, lang)
        : await loadStatusPage(deps, viewer, lang);
  return Response.json(model ?? { notFound: true }, { status: model ? 200 : 404 });
}

beforeAll(async () => {
  deps = await createTestDeps({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      hookBodies.push(body);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  Object.assign(ids, await plantCanaries(deps, C));
  await plantTranslationCanaries(deps, C, ids.publicIncident as string);
  for (const email of ["someone@example.com", "x@globex.com", "ops@acme.com"]) await seedSubscriber(deps, email);
  // The same readers in German and Arabic: a translation of Acme's words reaches only Acme, in any language.
  for (const [email, language] of [
    ["leser@example.com", "de"],
    ["x-de@globex.com", "de"],
    ["x-ar@globex.com", "ar"],
    ["ops-de@acme.com", "de"],
  ] as const)
    await seedSubscriber(deps, email, { language });
  await seedSubscriber(deps, `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, { channel: "webhook" });
  // A German Slack channel: chat speaks the subscriber's language, and reads what the public reads.
  await seedSubscriber(deps, `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/t0/b0/slack`, {
    channel: "slack",
    language: "de",
  });
  app = createServerApp({ deps, client: deps.testDb.client, migrations: [], render: renderPageModel });
  viewers.anonymous = undefined;
  viewers.otherAudience = await viewerCookieFor(deps, "x@globex.com");
  viewers.entitled = await viewerCookieFor(deps, "ops@acme.com");
});
afterAll(async () => {
  await new Promise<void>((r) => hook.close(() => r()));
  deps.testDb.destroy();
});

/** Every public route, as written and in German and Arabic (`?lang=`): translations must obey visibility in each. */
function routes(): string[] {
  const plain = plainRoutes();
  const inLanguage = (path: string, lang: string) => `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
  return [...plain, ...plain.map((p) => inLanguage(p, "de")), ...plain.map((p) => inLanguage(p, "ar"))];
}

function plainRoutes(): string[] {
  const detail = ["publicIncident", "restrictedIncident", "internalIncident", ...CHURNED].map((k) => `/incidents/${ids[k]}`);
  return [
    "/",
    "/history",
    "/history?page=2026-03",
    `/history?component=${ids.acmeComponent}`,
    "/embed",
    ...detail,
    `/maintenance/${ids.maintenance}`,
    ...["publicComponent", "acmeComponent", "internalComponent"].map((k) => `/components/${ids[k]}`),
    "/history.atom",
    "/history.rss",
    `/history.atom?component=${ids.acmeComponent}`,
    "/maintenance.ics",
    `/maintenance.ics?component=${ids.acmeComponent}`,
    `/maintenance.ics?maintenance=${ids.maintenance}`,
    "/badge.svg",
    `/badge.svg?component=${ids.acmeComponent}`,
    "/robots.txt",
    "/sitemap.xml",
    ...STATUSPAGE_ENDPOINTS.map((e) => `/api/v2/${e}.json`),
  ];
}

async function fetchAll(cookie: string | undefined): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const path of routes()) {
    const res = await app.request(`http://status.test${path}`, { headers: cookie ? { cookie } : {} });
    out.set(path, `${res.status} ${[...res.headers].join("\n")}\n${await res.text()}`);
  }
  return out;
}

describe("canary suite", () => {
  it.each(["anonymous", "otherAudience"])("%s sees none of the planted strings on any public route", async (who) => {
    const leaks: string[] = [];
    const pages = await fetchAll(viewers[who]);
    for (const [path, body] of pages) for (const l of findLeaks(body, C)) leaks.push(`${path}: ${l}`);
    expect(leaks).toEqual([]);
    // The translated path really ran: the public German text is there for a German reader.
    expect(pages.get(`/incidents/${ids.publicIncident}?lang=de`)).toContain(PUBLIC_GERMAN);
    expect(pages.get(`/api/v2/incidents.json?lang=de`)).toContain(PUBLIC_GERMAN);
    expect(pages.get(`/history.atom?lang=de`)).toContain(PUBLIC_GERMAN);
  });

  it("the entitled viewer sees their audience's strings — never internal ones — with private cache headers", async () => {
    const pages = await fetchAll(viewers.entitled);
    const seen = new Set([...pages.values()].flatMap((b) => findLeaks(b, C)));
    for (const name of FOR_ACME) expect(seen, name).toContain(name);
    for (const name of ["internalNote", "internalIncidentTitle", "internalComponent", "internalCommitment", "closureInternalNote"])
      expect(seen).not.toContain(name);
    for (const name of CLOSURE_CHURN) expect(seen, `${name} was edited away, retracted or superseded`).not.toContain(name);
    const res = await app.request("http://status.test/api/v2/summary.json", { headers: { cookie: viewers.entitled as string } });
    expect(res.headers.get("cache-control")).toContain("no-store");
  });

  it("outgoing emails and webhooks carry nothing confidential to the public or another audience", async () => {
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    for (let i = 0; i < 50 && (await dispatcher.tick()) > 0; i++);
    await dispatcher.stop();
    const mail = await deps.db.select().from(capturedEmail);
    const byRecipient = (to: string) =>
      mail
        .filter((m) => m.to === to)
        .map((m) => `${m.subject}\n${m.html}\n${m.text}`)
        .join("\n");
    expect(mail.filter((m) => m.to === "someone@example.com").length).toBeGreaterThan(0);
    expect(mail.filter((m) => m.to === "x@globex.com").length).toBeGreaterThan(0);
    expect(hookBodies.length).toBeGreaterThan(0);
    expect(findLeaks(byRecipient("someone@example.com"), C)).toEqual([]);
    expect(findLeaks(byRecipient("x@globex.com"), C)).toEqual([]);
    for (const reader of ["leser@example.com", "x-de@globex.com", "x-ar@globex.com"]) {
      expect(mail.filter((m) => m.to === reader).length, reader).toBeGreaterThan(0);
      expect(findLeaks(byRecipient(reader), C), reader).toEqual([]);
    }
    expect(byRecipient("leser@example.com")).toContain(PUBLIC_GERMAN);
    expect(findLeaks(byRecipient("ops-de@acme.com"), C)).toEqual(
      expect.arrayContaining(["restrictedVariantGerman", "restrictedApologyGerman", "restrictedCommitmentGerman"]),
    );
    expect(findLeaks(hookBodies.join("\n"), C)).toEqual([]);
    expect(hookBodies.join("\n")).toContain(PUBLIC_GERMAN_SUMMARY);
    expect(findLeaks(byRecipient("ops@acme.com"), C).length).toBeGreaterThan(0);
    const acmeMail = findLeaks(byRecipient("ops@acme.com"), C);
    expect(acmeMail.filter((n) => n.startsWith("internal") || n === "closureInternalNote" || CLOSURE_CHURN.includes(n))).toEqual([]);
    // Closure emails leave after the edit and the re-close: they carry the current apology.
    expect(acmeMail).toEqual(expect.arrayContaining(["restrictedApologyEdited", "reclosedApology"]));
  });

  it("the detector catches a surface that bypasses the projection", async () => {
    const leakySurface = async () => (await deps.db.select({ body: message.body }).from(message)).map((m) => m.body).join("\n");
    expect(findLeaks(await leakySurface(), C)).toEqual(
      expect.arrayContaining(["internalNote", "restrictedVariant", "closureInternalNote"]),
    );
    const ms = performance.now() - started;
    console.info(
      `canary suite: ${routes().length} routes × 3 viewers × ${RESTRICTED.length} strings, plus emails and webhooks, in ${Math.round(ms)} ms`,
    );
  });
});
