import type { ServiceContext } from "../../../auth/context.ts";
import type { Deps } from "../../../deps.ts";
import { type FormProblem, field, formProblem, parseForm } from "../../../lib/forms.ts";
import { requestIncidentFeedback } from "../../../services/feedback/request.ts";
import { addReviewAction, completeReviewAction } from "../../../services/reviews/actions.ts";
import { saveReview } from "../../../services/reviews/save.ts";
import { AddReviewAction, SaveReview } from "../../../services/reviews/schemas.ts";
import { ProposeRunbookEdit } from "../../../services/runbooks/schemas.ts";
import { proposeRunbookEdit } from "../../../services/runbooks/write.ts";

export interface ReviewPostResult {
  intent: string;
  notice?: string;
  problem?: FormProblem;
}

type Form = Record<string, string | string[]>;

/** The review page's forms, by intent: each validates, calls one service and reports back. */
export async function handleReviewPost(deps: Deps, ctx: ServiceContext, incidentId: string, form: Form): Promise<ReviewPostResult> {
  const intent = field(form, "intent");
  try {
    if (intent === "sections") {
      const input = parseForm(SaveReview, {
        whatWorked: field(form, "whatWorked"),
        whatDidnt: field(form, "whatDidnt"),
        lessons: field(form, "lessons"),
        documentationChanges: field(form, "documentationChanges"),
      });
      await saveReview(deps, ctx, incidentId, input);
      return { intent, notice: "Review saved." };
    }
    if (intent === "action") {
      const due = field(form, "dueAt");
      const input = parseForm(AddReviewAction, {
        text: field(form, "text"),
        owner: field(form, "owner"),
        dueAt: due ? `${due}T00:00:00Z` : null,
      });
      await addReviewAction(deps, ctx, incidentId, input);
      return { intent, notice: "Follow-up action added." };
    }
    if (intent === "done" || intent === "undone") {
      await completeReviewAction(deps, ctx, incidentId, field(form, "actionId"), intent === "done");
      return { intent, notice: intent === "done" ? "Action marked done." : "Action reopened." };
    }
    if (intent === "feedback-request") {
      const { recipients } = await requestIncidentFeedback(deps, ctx, incidentId);
      return { intent, notice: `Feedback request queued for ${recipients} subscriber${recipients === 1 ? "" : "s"}.` };
    }
    if (intent === "propose") {
      const input = parseForm(ProposeRunbookEdit, { body: field(form, "body"), note: field(form, "note") || null, incidentId });
      await proposeRunbookEdit(deps, ctx, field(form, "runbookId"), input);
      return { intent, notice: "Runbook edit proposed; an owner of the runbook can accept it." };
    }
    return { intent, problem: { message: "Unknown action", fields: {}, status: 400 } };
  } catch (err) {
    return { intent, problem: formProblem(err) };
  }
}
