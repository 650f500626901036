import { manageSignature, unsubscribeToken } from "../auth/link-signatures.ts";
import type { Env } from "../env.ts";
import { baseUrl } from "../lib/urls.ts";

export function unsubscribeUrl(env: Env, secret: string, subscriberId: string): string {
  return `${baseUrl(env)}/unsubscribe/${unsubscribeToken(secret, subscriberId)}`;
}

export function manageUrl(env: Env, secret: string, subscriberId: string): string {
  return `${baseUrl(env)}/subscriptions/manage?s=${subscriberId}&sig=${manageSignature(secret, subscriberId)}`;
}

/** The public page of an incident, or of a maintenance (which lives at /maintenance/<id>). */
export function incidentUrl(env: Env, incidentId: string, kind: "incident" | "maintenance" = "incident"): string {
  return `${baseUrl(env)}/${kind === "maintenance" ? "maintenance" : "incidents"}/${incidentId}`;
}

/** `signed` (from src/auth/link-signatures.ts) identifies the recipient, so each counts once. */
export function feedbackUrl(env: Env, updateId: string, signed = ""): string {
  return `${baseUrl(env)}/feedback/${updateId}${signed}`;
}

/** RFC 8058 one-click headers plus List-Id: every notification email carries them. */
export function listHeaders(env: Env, oneClickUrl: string): Record<string, string> {
  const host = new URL(baseUrl(env)).hostname;
  return {
    "List-Unsubscribe": `<${oneClickUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": `Status notifications <status.${host}>`,
  };
}
