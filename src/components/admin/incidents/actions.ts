import type { ServiceContext } from "../../../auth/context.ts";
import type { Deps } from "../../../deps.ts";
import { type FormProblem, field, formProblem, parseForm, visibilityFromChoice } from "../../../lib/forms.ts";
import { closeIncident } from "../../../services/closures/close.ts";
import { CloseIncident } from "../../../services/closures/schemas.ts";
import { patchIncident } from "../../../services/incidents/patch.ts";
import { PatchIncident } from "../../../services/incidents/schemas.ts";
import { publishPostmortem } from "../../../services/postmortems/publish.ts";
import { savePostmortem } from "../../../services/postmortems/save.ts";
import { PublishPostmortem, SavePostmortem } from "../../../services/postmortems/schemas.ts";
import { editUpdate } from "../../../services/updates/edit.ts";
import { type AudiencePreview, previewUpdate } from "../../../services/updates/preview.ts";
import { publishUpdate } from "../../../services/updates/publish.ts";
import { retractUpdate } from "../../../services/updates/retract.ts";
import { EditUpdate, PostUpdate, RetractUpdate } from "../../../services/updates/schemas.ts";
import { closureFromForm, fieldErrors, updateFromForm } from "./form.ts";

export interface ActionResult {
  intent: string;
  notice?: string;
  problem?: FormProblem;
  /** Field errors keyed by form field name. */
  errors: Record<string, string>;
  preview?: AudiencePreview[];
  /** Keep the typed text: false after a successful publish. */
  keepForm: boolean;
}

/** One POST on the incident page: preview, publish, edit, retract, settings, close, or postmortem. Each calls one service. */
export async function handleIncidentPost(
  deps: Deps,
  ctx: ServiceContext,
  incidentId: string,
  form: Record<string, string | string[]>,
): Promise<ActionResult> {
  const intent = field(form, "intent");
  let input: Record<string, unknown> = {};
  try {
    if (intent === "preview" || intent === "publish") {
      input = updateFromForm(form);
      const parsed = parseForm(PostUpdate, input);
      if (intent === "preview")
        return { intent, errors: {}, preview: (await previewUpdate(deps, incidentId, parsed)).audiences, keepForm: true };
      await publishUpdate(deps, ctx, incidentId, parsed);
      return { intent, errors: {}, notice: "Update published.", keepForm: false };
    }
    if (intent === "retract") {
      const parsed = parseForm(RetractUpdate, { correction: field(form, "correction").trim() || undefined });
      await retractUpdate(deps, ctx, { incidentId, updateId: field(form, "updateId") }, parsed);
      return { intent, errors: {}, notice: "Update retracted.", keepForm: false };
    }
    if (intent === "edit") {
      const { body, variants, internalNote } = updateFromForm(form);
      input = { body, variants, internalNote: internalNote ?? null };
      await editUpdate(deps, ctx, { incidentId, updateId: field(form, "updateId") }, parseForm(EditUpdate, input));
      return { intent, errors: {}, notice: "Update edited; the earlier words are kept as a revision.", keepForm: false };
    }
    if (intent === "settings") {
      input = { title: field(form, "title"), impact: field(form, "impact"), visibility: visibilityFromChoice(form) };
      await patchIncident(deps, ctx, incidentId, parseForm(PatchIncident, input));
      return { intent, errors: {}, notice: "Incident details saved.", keepForm: false };
    }
    if (intent === "close") {
      input = closureFromForm(form);
      await closeIncident(deps, ctx, incidentId, parseForm(CloseIncident, input));
      return { intent, errors: {}, notice: "Incident resolved with its closure notice.", keepForm: false };
    }
    if (intent === "postmortem-save" || intent === "postmortem-publish") {
      await savePostmortem(deps, ctx, incidentId, parseForm(SavePostmortem, { body: field(form, "postmortem") }));
      if (intent === "postmortem-publish")
        await publishPostmortem(deps, ctx, incidentId, parseForm(PublishPostmortem, { notify: field(form, "notify") === "on" }));
      return {
        intent,
        errors: {},
        notice: intent === "postmortem-publish" ? "Postmortem published." : "Postmortem draft saved.",
        keepForm: true,
      };
    }
    return { intent, errors: {}, problem: { message: "Unknown action", fields: {}, status: 400 }, keepForm: true };
  } catch (err) {
    const problem = formProblem(err);
    return { intent, errors: fieldErrors(problem.fields, input), problem, keepForm: true };
  }
}
