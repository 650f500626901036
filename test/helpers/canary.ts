import { eq } from "drizzle-orm";
import { message, preventionCommitment, viewerSession } from "../../db/schema/index.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { issueToken } from "../../src/auth/secrets.ts";
import type { Deps } from "../../src/deps.ts";
import { VIEWER_COOKIE } from "../../src/projection/index.ts";
import { closeIncident } from "../../src/services/closures/close.ts";
import { editClosure } from "../../src/services/closures/edit.ts";
import { reopenIncident } from "../../src/services/closures/reopen.ts";
import { retractClosure } from "../../src/services/closures/retract.ts";
import { CloseIncident, EditClosure, ReopenIncident } from "../../src/services/closures/schemas.ts";
import { createIncident } from "../../src/services/incidents/create.ts";
import { CreateIncident } from "../../src/services/incidents/schemas.ts";
import { createMaintenance } from "../../src/services/maintenances/create.ts";
import { CreateMaintenance } from "../../src/services/maintenances/schemas.ts";
import { SetTranslation } from "../../src/services/translations/schemas.ts";
import { setTranslation } from "../../src/services/translations/set.ts";
import { publishUpdate } from "../../src/services/updates/publish.ts";
import { PostUpdate, RetractUpdate } from "../../src/services/updates/schemas.ts";
import { seedAudiences, seedComponent } from "./incident-fixtures.ts";

/** Words a closure had and lost (edited away, retracted, superseded by reopen and re-close): nobody sees them. */
export const CLOSURE_CHURN = ["editedAwaySummary", "editedAwayApology", "supersededApology", "retractedApology", "retractedClosure"];

/** Translations of confidential texts: they must travel exactly where the text they translate does. */
export const TRANSLATION_CANARIES = [
  "restrictedVariantGerman",
  "restrictedVariantArabic",
  "restrictedApologyGerman",
  "restrictedCommitmentGerman",
];

/** Unique strings planted in confidential places; each names where it was planted. */
export function makeCanaries(): Record<string, string> {
  const tag = Math.random().toString(36).slice(2, 8).toUpperCase();
  const names = [
    "internalNote",
    "restrictedVariant",
    "restrictedVariantLater",
    "restrictedIncidentTitle",
    "restrictedIncidentBody",
    "internalIncidentTitle",
    "restrictedComponent",
    "internalComponent",
    "restrictedApology",
    "restrictedCommitment",
    "internalCommitment",
    "restrictedMaintenance",
    "closureInternalNote",
    "restrictedApologyEdited",
    "reclosedApology",
    ...TRANSLATION_CANARIES,
    ...CLOSURE_CHURN,
  ];
  return Object.fromEntries(names.map((n) => [n, `CNRY${tag}${n.toUpperCase()}`]));
}

/** The canary detector: which planted strings appear in a body. */
export function findLeaks(body: string, canaries: Record<string, string>): string[] {
  return Object.entries(canaries)
    .filter(([, value]) => body.includes(value))
    .map(([name]) => name);
}

/** A verified audience viewer's cookie, as /access/verify would set it. */
export async function viewerCookieFor(deps: Pick<Deps, "db" | "clock">, email: string): Promise<string> {
  const issued = issueToken();
  const now = deps.clock.now();
  await deps.db.insert(viewerSession).values({
    id: issued.id,
    email,
    secretHash: Buffer.from(issued.secretHash),
    createdAt: now,
    expiresAt: new Date(now.getTime() + 86_400_000),
  });
  return `${VIEWER_COOKIE}=${issued.token}`;
}

/**
 * Plants every canary through the real services: a public incident with restricted variants,
 * internal notes, a closure with a restricted apology and commitments; a restricted incident on a
 * restricted component; an internal incident on an internal component; a restricted maintenance.
 */
export async function plantCanaries(deps: Pick<Deps, "db" | "clock">, C: Record<string, string>): Promise<Record<string, string>> {
  const ctx = { actor: SYSTEM };
  const ids: Record<string, string> = {};
  await seedAudiences(deps, { acme: "acme.com", globex: "globex.com" });
  const api = await seedComponent(deps, "Public API");
  ids.publicComponent = api;
  ids.acmeComponent = await seedComponent(deps, C.restrictedComponent as string, "acme");
  ids.internalComponent = await seedComponent(deps, C.internalComponent as string, "internal");
  const pub = await createIncident(
    deps,
    ctx,
    CreateIncident.parse({
      title: "Elevated errors",
      impact: "major",
      visibility: "public",
      body: "We are investigating elevated errors.",
      components: [{ id: api, status: "partial_outage" }],
      variants: [{ audience: "acme", body: `Acme detail ${C.restrictedVariant}` }],
      internalNote: `Suspect ${C.internalNote}`,
    }),
  );
  ids.publicIncident = pub.id;
  await publishUpdate(
    deps,
    ctx,
    pub.id,
    PostUpdate.parse({
      status: "identified",
      body: "Cause identified.",
      variants: [{ audience: "acme", body: `Acme ${C.restrictedVariantLater}` }],
      internalNote: `Note ${C.internalNote}`,
    }),
  );
  await closeIncident(
    deps,
    ctx,
    pub.id,
    CloseIncident.parse({
      summary: "Resolved.",
      apology: "Sorry.",
      apologyVariants: [{ audience: "acme", body: `Acme sorry ${C.restrictedApology}` }],
      internalNote: C.closureInternalNote,
      commitments: [
        { text: "Public promise", owner: "SRE", visibility: "public" },
        { text: C.restrictedCommitment, owner: "SRE", visibility: ["acme"] },
        { text: C.internalCommitment, owner: "SRE", visibility: "internal" },
      ],
    }),
  );
  Object.assign(ids, await churnClosures(deps, C));
  const restricted = await createIncident(
    deps,
    ctx,
    CreateIncident.parse({
      title: C.restrictedIncidentTitle,
      visibility: ["acme"],
      body: `Only acme ${C.restrictedIncidentBody}`,
      components: [{ id: ids.acmeComponent, status: "major_outage" }],
      internalNote: C.internalNote,
    }),
  );
  ids.restrictedIncident = restricted.id;
  ids.internalIncident = (
    await createIncident(
      deps,
      ctx,
      CreateIncident.parse({
        title: C.internalIncidentTitle,
        visibility: "internal",
        body: C.internalIncidentTitle,
        components: [{ id: ids.internalComponent, status: "major_outage" }],
      }),
    )
  ).id;
  ids.maintenance = (
    await createMaintenance(
      deps,
      ctx,
      CreateMaintenance.parse({
        title: C.restrictedMaintenance,
        visibility: ["acme"],
        components: [ids.acmeComponent],
        body: "Acme maintenance.",
        scheduledFor: new Date(deps.clock.now().getTime() + 6 * 3_600_000).toISOString(),
        scheduledUntil: new Date(deps.clock.now().getTime() + 7 * 3_600_000).toISOString(),
      }),
    )
  ).id;
  return ids;
}

/**
 * Three public incidents whose closures change after publishing: one edited (summary and the acme
 * apology), one reopened and closed again, one whose apology and then closure notice are retracted.
 */
async function churnClosures(deps: Pick<Deps, "db" | "clock">, C: Record<string, string>): Promise<Record<string, string>> {
  const ctx = { actor: SYSTEM };
  const open = async (title: string) =>
    (await createIncident(deps, ctx, CreateIncident.parse({ title, visibility: "public", body: `${title}: investigating.` }))).id;
  const close = (id: string, input: Record<string, unknown>) => closeIncident(deps, ctx, id, CloseIncident.parse(input));
  const edited = await open("Slow logins");
  await close(edited, {
    summary: `Fixed ${C.editedAwaySummary}`,
    apology: "Sorry.",
    apologyVariants: [{ audience: "acme", body: `Acme ${C.editedAwayApology}` }],
  });
  await editClosure(
    deps,
    ctx,
    edited,
    EditClosure.parse({
      summary: "Fixed the login pool.",
      apology: "Sorry.",
      apologyVariants: [{ audience: "acme", body: `Acme ${C.restrictedApologyEdited}` }],
    }),
  );
  const reopened = await open("Failed payments");
  await close(reopened, {
    summary: "Recovered.",
    apology: "Sorry.",
    apologyVariants: [{ audience: "acme", body: `Acme ${C.supersededApology}` }],
  });
  await reopenIncident(deps, ctx, reopened, ReopenIncident.parse({ status: "investigating", body: "Payments fail again." }));
  await close(reopened, { summary: "Recovered for good.", apologyVariants: [{ audience: "acme", body: `Acme ${C.reclosedApology}` }] });
  const retracted = await open("Missing invoices");
  await close(retracted, { summary: `Done ${C.retractedClosure}`, apology: `Sorry ${C.retractedApology}` });
  await retractClosure(deps, ctx, retracted, "apology", RetractUpdate.parse({ correction: "We withdrew our apology note." }));
  await retractClosure(deps, ctx, retracted, "closure", RetractUpdate.parse({ correction: "The closure notice was premature." }));
  return { editedClosureIncident: edited, reopenedIncident: reopened, retractedClosureIncident: retracted };
}

/** The ids plantCanaries returns for the incidents whose closures changed. */
export const CHURNED = ["editedClosureIncident", "reopenedIncident", "retractedClosureIncident"];

/** A public translation the German reader must see on the same surfaces, so the translated path is proven to run. */
export const PUBLIC_GERMAN = "Ursache gefunden (öffentlich, auf Deutsch).";
/** The public closure summary in German: the last word subscribers get, so the one chat and mail carry. */
export const PUBLIC_GERMAN_SUMMARY = "Behoben (öffentlich, auf Deutsch).";

/**
 * Translates the public incident's Acme variant into German and Arabic, the Acme apology and the
 * Acme-only commitment into German, and the public text into German, through the real verb.
 */
export async function plantTranslationCanaries(deps: Deps, C: Record<string, string>, incidentId: string): Promise<void> {
  const ctx = { actor: SYSTEM };
  const messages = await deps.db.select().from(message);
  const variant = messages.find((m) => m.body.includes(C.restrictedVariantLater as string));
  const publicText = messages.find((m) => m.kind === "public" && m.body === "Cause identified.");
  const apology = messages.find((m) => m.kind === "variant" && m.body.includes(C.restrictedApology as string));
  const [commitment] = await deps.db
    .select()
    .from(preventionCommitment)
    .where(eq(preventionCommitment.text, C.restrictedCommitment as string));
  const put = (kind: "message" | "commitment", targetId: string | undefined, language: string, body: string) =>
    setTranslation(deps, ctx, incidentId, SetTranslation.parse({ kind, targetId, language, body }));
  await put("message", variant?.id, "de", `Acme-Detail ${C.restrictedVariantGerman}`);
  await put("message", variant?.id, "ar", `تفاصيل أكمي ${C.restrictedVariantArabic}`);
  await put("message", apology?.id, "de", `Entschuldigung, Acme ${C.restrictedApologyGerman}`);
  await put("commitment", commitment?.id, "de", `Nur für Acme ${C.restrictedCommitmentGerman}`);
  await put("message", publicText?.id, "de", PUBLIC_GERMAN);
  const summary = messages.find((m) => m.kind === "public" && m.body === "Resolved.");
  await put("message", summary?.id, "de", PUBLIC_GERMAN_SUMMARY);
}
