import { t as english, type Translator } from "../../i18n/index.ts";
import type { OverallStatus } from "../../projection/index.ts";

/** The overall status in words for people: the banner, the badge, the embed and the page title say this. */
export function overallLabel(overall: OverallStatus, t: Translator = english): string {
  return overall.tone === "empty" ? t("banner.empty") : t(`overall.${overall.indicator}`);
}
