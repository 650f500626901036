import { z } from "zod";
import { COMPONENT_STATUSES, INTAKE_KINDS, RULE_ACTIONS, SIGNAL_SEVERITIES } from "../../../db/schema/index.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { compileLabelPattern } from "./label-pattern.ts";

/** The vocabulary's values, for adapters that list them (pages never import db/schema). */
export { COMPONENT_STATUSES, INTAKE_KINDS, RULE_ACTIONS } from "../../../db/schema/index.ts";

const Labels = z.record(z.string().max(200), z.string().max(1000)).default({});
const Status = z.enum(["firing", "resolved"]);
const Id = (what: string) => z.string().regex(ID_PATTERN, `not a ${what} id`);

/** One alert of an Alertmanager v4 (or Grafana, which reuses the shape) notification. */
const GroupedAlert = z.object({
  status: Status,
  labels: Labels,
  annotations: Labels,
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).max(200).optional(),
});

/** Prometheus Alertmanager webhook_config payload, version 4: alerts grouped by groupKey. */
export const AlertmanagerPayload = z.object({
  version: z.literal("4", { message: 'only Alertmanager webhook version "4" is supported' }),
  groupKey: z.string(),
  status: Status,
  receiver: z.string().optional(),
  groupLabels: Labels,
  commonLabels: Labels,
  commonAnnotations: Labels,
  externalURL: z.string().optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  alerts: z.array(GroupedAlert).min(1).max(5000),
});
export type AlertmanagerPayload = z.infer<typeof AlertmanagerPayload>;

/** Grafana alerting's webhook contact point: Alertmanager's shape plus orgId, title, message, values. */
export const GrafanaPayload = z.object({
  receiver: z.string().optional(),
  status: Status,
  orgId: z.number().int().optional(),
  groupKey: z.string().optional(),
  groupLabels: Labels,
  commonLabels: Labels,
  commonAnnotations: Labels,
  title: z.string().optional(),
  message: z.string().optional(),
  alerts: z
    .array(GroupedAlert.extend({ values: z.record(z.string(), z.unknown()).nullish(), valueString: z.string().optional() }))
    .min(1)
    .max(5000),
});
export type GrafanaPayload = z.infer<typeof GrafanaPayload>;

/** Clarion's own format: one alert, or a batch of them in `alerts`. */
export const GenericAlert = z
  .object({
    source: z.string().trim().min(1).max(200).optional(),
    fingerprint: z.string().trim().min(1).max(200),
    status: Status,
    severity: z.enum(SIGNAL_SEVERITIES).default("warning"),
    summary: z.string().trim().min(1).max(500),
    labels: Labels,
  })
  .strict();
const GenericBatch = z.object({ alerts: z.array(GenericAlert).min(1).max(5000) }).strict();
/** A single alert is read as a batch of one, so errors name the field (alerts.0.severity). */
export const GenericPayload = z.preprocess(
  (v) => (v && typeof v === "object" && !Array.isArray(v) && !("alerts" in v) ? { alerts: [v] } : v),
  GenericBatch,
);
export type GenericPayload = z.infer<typeof GenericPayload>;

export const CreateSource = z.object({ name: z.string().trim().min(1).max(100), kind: z.enum(INTAKE_KINDS) }).strict();
export type CreateSource = z.infer<typeof CreateSource>;

export const LabelMatcher = z
  .object({ label: z.string().trim().min(1).max(200), op: z.enum(["=", "!=", "=~"]).default("="), value: z.string().max(500) })
  .strict()
  .superRefine((m, ctx) => {
    if (m.op !== "=~") return;
    try {
      compileLabelPattern(m.value);
    } catch {
      ctx.addIssue({ code: "custom", path: ["value"], message: "not a valid RE2 regular expression (no backreferences or lookaround)" });
    }
  });

const RuleFields = z.object({
  name: z.string().trim().min(1).max(100),
  position: z.number().int().min(0).max(10_000).default(0),
  matchers: z.array(LabelMatcher).min(1, "give at least one label matcher").max(20),
  componentIds: z.array(Id("component")).max(50).default([]),
  action: z.enum(RULE_ACTIONS).default("suggest"),
  componentStatus: z.enum(COMPONENT_STATUSES).nullish(),
  minHoldSeconds: z.number().int().min(0).max(86_400).default(0),
  enabled: z.boolean().default(true),
});
function checkRule(v: Partial<z.infer<typeof RuleFields>>, ctx: z.RefinementCtx): void {
  if (v.action === "auto_component_status" && !v.componentStatus)
    ctx.addIssue({ code: "custom", path: ["componentStatus"], message: "required when the action sets component status" });
  if (v.action === "auto_component_status" && !v.componentIds?.length)
    ctx.addIssue({ code: "custom", path: ["componentIds"], message: "name the components whose status the rule sets" });
}
export const CreateRule = RuleFields.strict().superRefine(checkRule);
export type CreateRule = z.infer<typeof CreateRule>;
export const UpdateRule = RuleFields.strict().superRefine(checkRule);
export type UpdateRule = z.infer<typeof UpdateRule>;

export const ListSignalsQuery = z.object({
  state: z.enum(["open", "firing", "resolved", "all"]).default("open"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListSignalsQuery = z.infer<typeof ListSignalsQuery>;
