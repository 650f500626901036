import { languageLabel } from "../../components/admin/incidents/language-label.ts";
import { t } from "../../i18n/console/index.ts";
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
      const language = languageLabel(saved.language);
      return saved.created ? t("form_translations.added", { language }) : t("form_translations.saved", { language });
    },
  }),
  "translation-remove": formIntent({
    action: "incident.write",
    schema: RemoveTranslation,
    toInput: (form) => ref(form),
    run: async (input, call) => {
      const { removed } = await removeTranslation(call.deps, call.ctx, call.params.id ?? "", input);
      const language = languageLabel(input.language);
      return removed ? t("form_translations.removed", { language }) : t("form_translations.nothing_to_remove", { language });
    },
  }),
};
