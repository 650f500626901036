import { consoleZone } from "../components/admin/zone.ts";
import { isTimeZone } from "../lib/time-zone.ts";
import type { FormValues, IntentCall } from "./form-action.ts";

/**
 * The zone a posted form's times are in: the one the form named beside its fields (so what the member
 * saw is what is stored, even if the setting changed since), else the member's current zone.
 */
export function formZone(form: FormValues, call: Pick<IntentCall, "ctx" | "request">): string {
  const posted = form.timeZone;
  const value = Array.isArray(posted) ? posted[0] : posted;
  return isTimeZone(value) ? value : consoleZone(call.ctx.actor, call.request).zone;
}
