import { languageLabel } from "../../components/admin/incidents/language-label.ts";
import { field } from "../../lib/forms.ts";
import { removeTranslation } from "../../services/translations/remove.ts";
import { RemoveTranslation, SetTranslation } from "../../services/translations/schemas.ts";
import { setTranslation } from "../../services/translations/set.ts";
import { formIntent, type IntentTable } from "../form-action.ts";

const ref = (form: Record<string, string | string[]>) => ({
  kind: field(form, "kind"),
  targetId: field(form, "targetId"),
  language: field(form, "language"),
});

/** The translation panel's forms (src/components/admin/incidents/Translations.astro), on the incident and maintenance pages. */
export const TRANSLATION_FORMS: IntentTable = {
  "translation-save": formIntent({
    action: "incident.write",
    schema: SetTranslation,
    toInput: (form) => ({ ...ref(form), body: field(form, "body") }),
    run: async (input, call) => {
      const saved = await setTranslation(call.deps, call.ctx, call.params.id ?? "", input);
      return `${saved.created ? "Added" : "Saved"} the ${languageLabel(saved.language)} translation. Readers and subscribers in ${languageLabel(saved.language)} get it from now on.`;
    },
  }),
  "translation-remove": formIntent({
    action: "incident.write",
    schema: RemoveTranslation,
    toInput: (form) => ref(form),
    run: async (input, call) => {
      const { removed } = await removeTranslation(call.deps, call.ctx, call.params.id ?? "", input);
      return removed
        ? `Removed the ${languageLabel(input.language)} translation: ${languageLabel(input.language)} readers get the text as written, with a “not yet translated” note.`
        : `There was no ${languageLabel(input.language)} translation to remove.`;
    },
  }),
};
