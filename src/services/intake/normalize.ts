import { createHash } from "node:crypto";
import type { SignalSeverity } from "../../../db/schema/index.ts";
import type { AlertmanagerPayload, GenericPayload, GrafanaPayload } from "./schemas.ts";

/** The one shape every receiver turns its payload into. */
export interface NormalizedAlert {
  fingerprint: string;
  status: "firing" | "resolved";
  severity: SignalSeverity;
  summary: string;
  labels: Record<string, string>;
}

const SEVERITY_WORDS: Record<string, SignalSeverity> = {
  critical: "critical",
  page: "critical",
  error: "major",
  high: "major",
  major: "major",
  warning: "warning",
  warn: "warning",
  medium: "minor",
  minor: "minor",
  low: "info",
  info: "info",
  none: "info",
};

export function severityFrom(labels: Record<string, string>): SignalSeverity {
  return SEVERITY_WORDS[(labels.severity ?? labels.priority ?? "").toLowerCase()] ?? "warning";
}

/** Alertmanager before 0.19 sends no fingerprint; the sorted label set identifies an alert just as well. */
export function labelFingerprint(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join("\u0000");
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

function summaryOf(labels: Record<string, string>, annotations: Record<string, string>): string {
  const text = annotations.summary || annotations.description || annotations.message || labels.alertname || "Alert";
  return text.slice(0, 500);
}

type Grouped = AlertmanagerPayload["alerts"][number];

function fromGrouped(common: Record<string, string>, commonAnnotations: Record<string, string>, a: Grouped): NormalizedAlert {
  const labels = { ...common, ...a.labels };
  return {
    fingerprint: a.fingerprint ?? labelFingerprint(labels),
    status: a.status,
    severity: severityFrom(labels),
    summary: summaryOf(labels, { ...commonAnnotations, ...a.annotations }),
    labels,
  };
}

export function fromAlertmanager(p: AlertmanagerPayload): NormalizedAlert[] {
  return p.alerts.map((a) => fromGrouped(p.commonLabels, p.commonAnnotations, a));
}

export function fromGrafana(p: GrafanaPayload): NormalizedAlert[] {
  return p.alerts.map((a) => fromGrouped(p.commonLabels, p.commonAnnotations, a));
}

export function fromGeneric(p: GenericPayload): NormalizedAlert[] {
  return p.alerts.map((a) => ({
    fingerprint: a.fingerprint,
    status: a.status,
    severity: a.severity,
    summary: a.summary,
    labels: a.source ? { source: a.source, ...a.labels } : a.labels,
  }));
}
