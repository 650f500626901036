import type { ServiceContext } from "../../src/auth/context.ts";
import { type FormResult, handleForm, type IntentTable } from "../../src/console/form-action.ts";
import type { Deps } from "../../src/deps.ts";

/** A console form POST as the browser sends it (urlencoded), through the one form adapter. */
export function formRequest(fields: Record<string, string | string[]>, url = "http://localhost/admin"): Request {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
  return new Request(url, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
}

/** Posts a form and returns the adapter's answer: a FormResult, or a Response (403 page, redirect). */
export function sendForm(
  deps: Deps,
  ctx: ServiceContext,
  table: IntentTable,
  fields: Record<string, string | string[]>,
  params: Record<string, string> = {},
): Promise<FormResult | Response> {
  return handleForm(table, { deps, ctx, params, request: formRequest(fields) });
}

/** Like sendForm, for forms that render a result; fails the test on a Response. */
export async function postForm(
  deps: Deps,
  ctx: ServiceContext,
  table: IntentTable,
  fields: Record<string, string | string[]>,
  params: Record<string, string> = {},
): Promise<FormResult> {
  const out = await sendForm(deps, ctx, table, fields, params);
  if (out instanceof Response) throw new Error(`expected a rendered result, got HTTP ${out.status}`);
  return out;
}
