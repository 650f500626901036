import { field } from "../../../lib/forms.ts";
import type { TriageIncidentInput } from "../../../services/intake/report-schemas.ts";

/** Reads the "create incident" form: each ticked component with its chosen status. */
export function triageIncidentFromForm(form: Record<string, string | string[]>, componentIds: string[]): TriageIncidentInput {
  const components = componentIds
    .filter((id) => field(form, `c-${id}`) === "on")
    .map((id) => ({ id, status: (field(form, `status-${id}`) || "partial_outage") as "partial_outage" }));
  return {
    title: field(form, "title"),
    category: field(form, "category") || null,
    priority: field(form, "priority") as "P1",
    impact: (field(form, "impact") || "minor") as "minor",
    visibility: field(form, "visibility") === "internal" ? "internal" : "public",
    ownerId: field(form, "ownerId") || null,
    components,
  };
}
