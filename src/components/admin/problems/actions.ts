import type { ServiceContext } from "../../../auth/context.ts";
import type { Deps } from "../../../deps.ts";
import { type FormProblem, field, formProblem, parseForm, visibilityFromText } from "../../../lib/forms.ts";
import { linkProblem, patchProblem } from "../../../services/problems/patch.ts";
import { LinkProblem, PatchProblem, TransitionProblem } from "../../../services/problems/schemas.ts";
import { transitionProblem } from "../../../services/problems/transition.ts";

export interface ProblemPostResult {
  intent: string;
  notice?: string;
  problem?: FormProblem;
}

type Form = Record<string, string | string[]>;
const TEXT_FIELDS = ["investigationNotes", "rootCause", "fixPlan", "changes", "verification"] as const;

/** The problem page's forms, by intent: validate, call one service, report back. */
export async function handleProblemPost(deps: Deps, ctx: ServiceContext, id: string, form: Form): Promise<ProblemPostResult> {
  const intent = field(form, "intent");
  try {
    if (intent === "fields") {
      const input = parseForm(PatchProblem, {
        title: field(form, "title"),
        category: field(form, "category") || null,
        priority: field(form, "priority"),
        rootCauseVisibility: visibilityFromText(field(form, "rootCauseVisibility")),
        ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, field(form, f) || null])),
      });
      await patchProblem(deps, ctx, id, input);
      return { intent, notice: "Problem saved." };
    }
    if (["link", "unlink", "attach", "detach"].includes(intent)) {
      const target = field(form, "target");
      const key = { link: "addIncidents", unlink: "removeIncidents", attach: "addCommitments", detach: "removeCommitments" }[
        intent
      ] as string;
      await linkProblem(deps, ctx, id, parseForm(LinkProblem, { [key]: target ? [target] : [] }));
      return { intent, notice: intent === "link" || intent === "attach" ? "Linked." : "Removed." };
    }
    if (intent === "transition") {
      const input = parseForm(TransitionProblem, {
        state: field(form, "state"),
        announce: field(form, "announce") === "on",
        message: field(form, "message").trim() || undefined,
      });
      const out = await transitionProblem(deps, ctx, id, input);
      return {
        intent,
        notice: out.announcementIds.length
          ? `Closed; announced on ${out.announcementIds.length} incident(s).`
          : `Moved to ${out.state.replace(/_/g, " ")}.`,
      };
    }
    return { intent, problem: { message: "Unknown action", fields: {}, status: 400 } };
  } catch (err) {
    return { intent, problem: formProblem(err) };
  }
}
