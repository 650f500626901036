import type { AstroGlobal } from "astro";
import { pageContext } from "../auth/guard.ts";
import type { Actor } from "../auth/permissions.ts";
import { type FormResult, handleForm, type IntentTable } from "./form-action.ts";

/**
 * A console page's POST: undefined for a GET, a Response to return (403 page, redirect), or the
 * result to render. Sets the page's status to the problem's (400, 404, 409…) so a failure is never a 200.
 */
export async function runFormAction(Astro: AstroGlobal, actor: Actor, table: IntentTable): Promise<FormResult | Response | undefined> {
  if (Astro.request.method !== "POST") return undefined;
  const result = await handleForm(table, {
    deps: Astro.locals.deps,
    ctx: pageContext(Astro, actor),
    params: Astro.params,
    request: Astro.request,
  });
  if (result instanceof Response) return result;
  if (result.problem) Astro.response.status = result.problem.status;
  for (const [name, value] of result.headers ?? []) Astro.response.headers.append(name, value);
  return result;
}
