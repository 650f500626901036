import { z } from "zod";
import { IMPACTS } from "../../../db/schema/index.ts";
import { LOCALES } from "../../i18n/locales.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { ComponentChanges, VisibilityInput } from "../updates/schemas.ts";

const componentId = z.preprocess((v) => (v === "" ? null : v), z.string().regex(ID_PATTERN, "choose a component from the list").nullish());
const email = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : v),
  z
    .email("an email address such as you@example.com")
    .max(254)
    .transform((e) => e.toLowerCase())
    .nullish(),
);
const what = z.string().trim().min(3, "say in a few words what is wrong").max(2000, "at most 2,000 characters");

/** The public /report form; `website` is the honeypot a person never fills. */
export const SubmitReport = z.object({
  what,
  componentId,
  email,
  website: z.string().max(500).optional(),
  /** The language of the page they reported from; their emails are written in it. */
  language: z.enum(LOCALES).optional(),
});
export type SubmitReport = z.infer<typeof SubmitReport>;

/** A report a team member took by phone, chat or email on a customer's behalf. */
export const LogReport = z
  .object({
    what,
    componentId,
    email,
    channel: z.enum(["phone", "chat", "email"]),
    customer: z.string().trim().min(1, "who called or wrote").max(200),
    organisation: z.string().trim().max(200).nullish(),
  })
  .strict();
export type LogReport = z.infer<typeof LogReport>;

export const Dismiss = z.object({ reason: z.string().trim().min(3, "give a reason").max(500) }).strict();
export type Dismiss = z.infer<typeof Dismiss>;

/**
 * What a triage decision did, the same for a signal and a group of reports: the API answers every
 * dismiss and attach with it (200), so a client handles both queues with one type.
 */
export interface TriageDecision {
  decision: "dismissed" | "attached";
  /** The incident the signal or reports now belong to (attach), or null (dismiss). */
  incidentId: string | null;
  /** The reason given for a dismissal, or null (attach). */
  reason: string | null;
  /** How many signals and reports left the queue. */
  signals: number;
  reports: number;
  /** Reporters with an email who now follow the incident's updates. */
  subscribed: number;
}

export const Attach = z.object({ incidentId: z.string().regex(ID_PATTERN, "not an incident id") }).strict();
export type Attach = z.infer<typeof Attach>;

/** Triage's "this is an incident": the draft's type, priority, impact, components and owner. */
export const TriageIncident = z
  .object({
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(20_000).optional(),
    category: z.string().trim().min(1).max(60).nullish(),
    priority: z.enum(["P1", "P2", "P3", "P4"]),
    impact: z.enum(IMPACTS).default("minor"),
    components: ComponentChanges,
    ownerId: z.string().regex(ID_PATTERN, "not a team member id").nullish(),
    visibility: VisibilityInput.default("public"),
  })
  .strict();
export type TriageIncident = z.infer<typeof TriageIncident>;
export type TriageIncidentInput = z.input<typeof TriageIncident>;

export const ListReportsQuery = z.object({
  state: z.enum(["open", "dismissed", "attached", "incident", "all"]).default("open"),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ListReportsQuery = z.infer<typeof ListReportsQuery>;
