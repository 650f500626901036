import { t } from "../../i18n/console/index.ts";
import { AppError } from "../../lib/errors.ts";
import { field } from "../../lib/forms.ts";
import type { FormValues } from "../form-action.ts";

/**
 * The console's new-incident and new-maintenance forms pre-select no visibility: a form sent without
 * a choice is refused next to the field and nothing is created. The API keeps its own default.
 */
export function requireVisibilityChoice(form: FormValues, what: "incident" | "maintenance"): void {
  const choice = field(form, "visibility");
  if (choice === "internal" || choice === "public" || choice === "restricted") return;
  const message = what === "incident" ? t("visibility.choose_who_may_see") : t("visibility.choose_who_may_see_maintenance");
  throw new AppError("validation_failed", t("forms.some_fields_need_attention"), [{ path: "visibility", message }]);
}
