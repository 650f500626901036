import { z } from "zod";
import { COMPONENT_STATUSES, INTAKE_KINDS, RULE_ACTIONS } from "../../services/intake/schemas.ts";
import { Instant } from "./common.ts";

/** Alert intake (sources, rules, signals), user reports and escalations as the admin API answers them. */
export const IntakeSource = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(INTAKE_KINDS),
    endpoint: z.string(),
    lastUsedAt: Instant.nullable(),
    revokedAt: Instant.nullable(),
    createdAt: Instant,
  })
  .meta({ id: "IntakeSource" });
export const IntakeSourceList = z.object({ sources: z.array(IntakeSource) });
export const CreatedIntakeSource = IntakeSource.extend({ token: z.string().describe("the source's token, shown only in this answer") });

export const IntakeRule = z
  .object({
    id: z.string(),
    name: z.string(),
    action: z.enum(RULE_ACTIONS),
    position: z.number().int(),
    matchers: z.array(z.object({ label: z.string(), op: z.enum(["=", "!=", "=~"]), value: z.string() })),
    componentIds: z.array(z.string()),
    componentStatus: z.enum(COMPONENT_STATUSES).nullable(),
    minHoldSeconds: z.number().int(),
    enabled: z.boolean(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: "IntakeRule" });
export const IntakeRuleList = z.object({ rules: z.array(IntakeRule) });

export const Signal = z
  .object({
    id: z.string(),
    source: z.string(),
    fingerprint: z.string(),
    status: z.enum(["firing", "resolved"]),
    severity: z.string(),
    summary: z.string(),
    labels: z.record(z.string(), z.string()),
    componentIds: z.array(z.string()),
    ruleId: z.string().nullable(),
    incidentId: z.string().nullable(),
    eventCount: z.number().int(),
    firstSeenAt: Instant,
    lastSeenAt: Instant,
    resolvedAt: Instant.nullable(),
    acknowledgedAt: Instant.nullable(),
    dismissedAt: Instant.nullable(),
    dismissReason: z.string().nullable(),
  })
  .meta({ id: "Signal" });
export const SignalList = z.object({ signals: z.array(Signal) });

export const ReportGroupList = z.object({
  groups: z.array(
    z.object({
      groupId: z.string(),
      componentId: z.string().nullable(),
      componentName: z.string().nullable(),
      count: z.number().int(),
      firstAt: Instant,
      lastAt: Instant,
      reports: z.array(
        z.object({
          id: z.string(),
          what: z.string(),
          componentId: z.string().nullable(),
          email: z.string().nullable(),
          channel: z.string(),
          customer: z.string().nullable(),
          organisation: z.string().nullable(),
          state: z.string(),
          incidentId: z.string().nullable(),
          createdAt: Instant,
        }),
      ),
    }),
  ),
});
export const LoggedReport = z.object({ id: z.string(), groupId: z.string() });
export const TriagedIncident = z.object({ incidentId: z.string() });

export const EscalationContact = z
  .object({
    id: z.string(),
    componentId: z.string().nullable(),
    category: z.string().nullable(),
    level: z.number().int(),
    memberId: z.string().nullable(),
    email: z.string().nullable(),
    webhookUrl: z.string().nullable(),
    ackMinutes: z.number().int(),
  })
  .meta({ id: "EscalationContact" });
export const EscalationContactList = z.object({ contacts: z.array(EscalationContact) });
export const EscalationList = z.object({
  escalations: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      signalId: z.string().nullable(),
      incidentId: z.string().nullable(),
      level: z.number().int(),
      nextAt: Instant.nullable(),
      acknowledgedAt: Instant.nullable(),
      acknowledgedBy: z.string().nullable(),
      timeToAckMs: z.number().nullable(),
      exhaustedAt: Instant.nullable(),
      createdAt: Instant,
    }),
  ),
});
export const Acknowledged = z.object({ id: z.string(), title: z.string(), timeToAckMs: z.number(), alreadyAcknowledged: z.boolean() });
/** Every dismiss and attach, of a signal or of a report group, answers this. */
export const TriageDecision = z
  .object({
    decision: z.enum(["dismissed", "attached"]),
    incidentId: z.string().nullable().describe("the incident they now belong to; null for a dismissal"),
    reason: z.string().nullable().describe("the reason given for a dismissal; null for an attach"),
    signals: z.number().int().describe("signals that left the queue"),
    reports: z.number().int().describe("reports that left the queue"),
    subscribed: z.number().int().describe("reporters with an email who now follow the incident"),
  })
  .meta({ id: "TriageDecision" });
