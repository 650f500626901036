import { manageSignature, unsubscribeToken } from "../auth/link-signatures.ts";
import type { Env } from "../env.ts";
import { absoluteMarkdownLinks } from "../lib/markdown.ts";
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

/**
 * List-Unsubscribe and List-Id on every notification email; RFC 8058's one-click
 * `List-Unsubscribe-Post` only when the link is https, as the RFC requires (mail providers ignore it otherwise).
 */
export function listHeaders(env: Env, oneClickUrl: string): Record<string, string> {
  const host = new URL(baseUrl(env)).hostname;
  return {
    "List-Unsubscribe": `<${oneClickUrl}>`,
    ...(oneClickAdvertised(env) ? { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {}),
    "List-Id": `Status notifications <status.${host}>`,
  };
}

/** Whether emails can offer one-click unsubscribe: only when PUBLIC_URL is https. */
export function oneClickAdvertised(env: Pick<Env, "PUBLIC_URL">): boolean {
  return env.PUBLIC_URL?.startsWith("https://") ?? false;
}

/** What a process that sends email says at start-up when its emails cannot offer one-click unsubscribe; null when they can. */
export function oneClickWarning(env: Pick<Env, "PUBLIC_URL">): string | null {
  if (oneClickAdvertised(env)) return null;
  const why = env.PUBLIC_URL ? `PUBLIC_URL is ${env.PUBLIC_URL}, not https` : "PUBLIC_URL is not set";
  return `${why}: notification emails carry an unsubscribe link but no one-click unsubscribe (List-Unsubscribe-Post needs https), and their links point at ${env.PUBLIC_URL ? "it" : "this machine"}. Set PUBLIC_URL to the page's https address.`;
}

const absolute = new Map<string, string>();

/**
 * A message body with its relative links made absolute against the public origin: emails,
 * webhooks and chat have no page to be relative to. A fan-out resolves the same few bodies
 * thousands of times, so the last 256 are remembered.
 */
export function absoluteLinks(env: Env, markdown: string): string {
  const base = baseUrl(env);
  const key = `${base}\u0000${markdown}`;
  let out = absolute.get(key);
  if (out === undefined) {
    out = absoluteMarkdownLinks(markdown, base);
    if (absolute.size >= 256) absolute.delete(absolute.keys().next().value as string);
    absolute.set(key, out);
  }
  return out;
}
