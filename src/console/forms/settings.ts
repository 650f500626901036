import { t } from "../../i18n/console/index.ts";
import { UpdateSettings } from "../../services/settings/schemas.ts";
import { updateSettings } from "../../services/settings/update.ts";
import { formIntent, type IntentTable } from "../form-action.ts";

/** The console's settings form as the API's JSON input: one footer link per line, "label | url". */
export function settingsInputFromForm(form: Record<string, string | string[]>): Record<string, unknown> {
  const get = (k: string) => {
    const v = form[k];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  const footerLinks = get("footerLinks")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [label = "", url = ""] = line.split("|").map((x) => x.trim());
      return { label, url };
    });
  return {
    name: get("name"),
    logoUrl: get("logoUrl").trim() || null,
    brandColor: get("brandColor").trim(),
    timeZone: get("timeZone").trim(),
    supportUrl: get("supportUrl").trim() || null,
    footerLinks,
    collapseGroupsAbove: get("collapseGroupsAbove").trim(),
    theme: get("theme"),
    // A stylesheet file, so line endings are the only thing worth normalising.
    customCss: get("customCss").replace(/\r\n/g, "\n"),
    showPoweredBy: get("showPoweredBy") === "on",
    defaultLanguage: get("defaultLanguage") || undefined,
    languages: [form.languages ?? []].flat(),
  };
}

/** /admin/settings: the page's one form. */
export const SETTINGS_FORMS: IntentTable = {
  "": formIntent({
    action: "settings.write",
    schema: UpdateSettings,
    toInput: settingsInputFromForm,
    run: async (input, call) => {
      await updateSettings(call.deps, call.ctx, input);
      return t("form.saved_public_page_follows");
    },
  }),
};
