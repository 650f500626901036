import { z } from "zod";
import { COMMITMENT_STATES } from "../../services/commitments/schemas.ts";
import { COMPONENT_STATUSES } from "../../services/components/schemas.ts";
import { IMPACTS, PRIORITIES } from "../../services/incidents/schemas.ts";
import { MAINTENANCE_STATUSES } from "../../services/maintenances/schemas.ts";
import { Instant, Visibility } from "./common.ts";

/** Incidents, maintenance and their updates as the team sees them in the admin API. */
const AudienceText = z.object({ audience: z.string(), body: z.string() });

export const Update = z
  .object({
    id: z.string(),
    kind: z.string(),
    status: z.string(),
    body: z.string().nullable(),
    variants: z.array(AudienceText),
    internalNote: z.string().nullable(),
    components: z.array(
      z.object({ id: z.string(), name: z.string().describe("The component's name (its id when it was deleted)"), status: z.string() }),
    ),
    nextUpdateBy: Instant.nullable(),
    notify: z.boolean(),
    authorId: z.string().nullable(),
    revision: z.number().int(),
    revisions: z.array(
      z.object({
        revision: z.number().int(),
        status: z.string(),
        messages: z.array(z.object({ kind: z.string(), audienceSlug: z.string().nullable(), body: z.string() })),
        editedBy: z.string().nullable(),
        createdAt: Instant,
      }),
    ),
    displayAt: Instant,
    createdAt: Instant,
    retractedAt: Instant.nullable(),
  })
  .meta({ id: "Update" });

export const Commitment = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    text: z.string(),
    owner: z.string(),
    dueAt: Instant.nullable(),
    state: z.enum(COMMITMENT_STATES),
    visibility: Visibility,
    translations: z.record(z.string(), z.string()).describe("the text in other offered languages, by language tag"),
    stateChangedAt: Instant,
    createdAt: Instant,
  })
  .meta({ id: "Commitment" });

/** One incident or maintenance with everything the team may see: components, timeline, closure, commitments. */
export const Incident = z
  .object({
    id: z.string(),
    kind: z.enum(["incident", "maintenance"]),
    title: z.string(),
    status: z.string().describe("an incident status, or a maintenance status for kind maintenance"),
    impact: z.enum(IMPACTS),
    visibility: Visibility,
    category: z.string().nullable(),
    priority: z.enum(PRIORITIES).nullable(),
    ownerId: z.string().nullable(),
    owner: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
    draft: z.boolean(),
    drill: z.boolean().describe("a practice incident: seen and emailed to the team only, left out of status and insights"),
    overdue: z.boolean(),
    startedAt: Instant,
    resolvedAt: Instant.nullable(),
    scheduledFor: Instant.nullable(),
    scheduledUntil: Instant.nullable(),
    autoTransition: z.boolean(),
    reminderMinutes: z.number().int(),
    reminderSentAt: Instant.nullable(),
    nextUpdateBy: Instant.nullable(),
    overdueNotifiedAt: Instant.nullable(),
    postmortemBody: z.string().nullable(),
    postmortemTranslations: z
      .record(z.string(), z.string())
      .describe("the postmortem in other offered languages, by language tag (GET …/translations lists every text)"),
    postmortemPublishedAt: Instant.nullable(),
    sequence: z
      .number()
      .int()
      .describe("a maintenance's iCalendar SEQUENCE: raised when its window moves, its title changes or it is cancelled"),
    createdAt: Instant,
    updatedAt: Instant,
    components: z.array(z.object({ id: z.string(), name: z.string(), status: z.enum(COMPONENT_STATUSES), visibility: Visibility })),
    updates: z.array(Update),
    closure: z
      .object({
        updateId: z.string(),
        summary: z.string().nullable(),
        apologyUpdateId: z.string().nullable(),
        apology: z.string().nullable(),
        apologyVariants: z.array(AudienceText),
      })
      .nullable(),
    commitments: z.array(Commitment),
  })
  .meta({ id: "Incident" });

export const IncidentList = z.object({
  incidents: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      impact: z.string(),
      status: z.string(),
      visibility: Visibility,
      priority: z.string().nullable(),
      owner: z.string().nullable().describe("the owner's name"),
      startedAt: Instant,
      resolvedAt: Instant.nullable(),
      nextUpdateBy: Instant.nullable(),
      drill: z.boolean(),
      open: z.boolean(),
      overdue: z.boolean(),
    }),
  ),
});

export const UpdatePreview = z.object({
  incidentId: z.string(),
  visibility: z.string(),
  audiences: z.array(
    z.object({
      audience: z.string(),
      source: z.enum(["public", "variant"]),
      html: z.string(),
      email: z.object({ subject: z.string(), html: z.string(), text: z.string() }),
      recipients: z.object({
        email: z.number().int().optional(),
        webhook: z.number().int().optional(),
        slack: z.number().int().optional(),
      }),
      total: z.number().int(),
    }),
  ),
  statuses: z.array(
    z.object({
      who: z.string(),
      statuses: z.array(z.object({ componentId: z.string(), name: z.string(), status: z.enum(COMPONENT_STATUSES) })),
    }),
  ),
});

const NotificationId = z.string().nullable().describe("the notification queued for subscribers, or null when nobody is told");
export const PublishedUpdate = z.object({ id: z.string(), incidentId: z.string(), notificationId: NotificationId });
export const EditedUpdate = z.object({ id: z.string(), revision: z.number().int() });
export const Retracted = z.object({ id: z.string(), correctionId: z.string().nullable() });
export const Closed = z.object({
  incidentId: z.string(),
  updateId: z.string(),
  commitmentIds: z.array(z.string()),
  notificationId: NotificationId,
});
export const ClosureEdited = z.object({ updateId: z.string(), apologyUpdateId: z.string().nullable() });
export const CommitmentsAdded = z.object({ ids: z.array(z.string()) });
export const PostmortemSaved = z.object({ incidentId: z.string(), published: z.boolean() });
export const PostmortemPublished = z.object({ incidentId: z.string(), publishedAt: Instant, notificationId: NotificationId });

export const MaintenanceList = z.object({
  maintenances: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.string(),
      visibility: Visibility,
      scheduledFor: Instant.nullable(),
      scheduledUntil: Instant.nullable(),
      autoTransition: z.boolean(),
      reminderMinutes: z.number().int(),
    }),
  ),
});
export const Rescheduled = z.object({
  id: z.string(),
  scheduledFor: Instant,
  scheduledUntil: Instant,
  moved: z.boolean(),
  updateId: z.string().nullable(),
});
export const MaintenanceUpdatePosted = z.object({
  id: z.string(),
  updateId: z.string(),
  status: z.enum(MAINTENANCE_STATUSES),
  notificationId: NotificationId,
});
