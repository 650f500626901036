import type { Env } from "../env.ts";

/**
 * The one public origin, without a trailing slash: PUBLIC_URL when set; else the request's own
 * origin when there is a request; else the local server (emails written on a fresh machine).
 */
export function baseUrl(env: Pick<Env, "PUBLIC_URL" | "HOST" | "PORT">, requestOrigin?: string): string {
  return (env.PUBLIC_URL ?? requestOrigin ?? `http://${env.HOST}:${env.PORT}`).replace(/\/$/, "");
}

/** The page's logo as an absolute URL for emails and chat (a path is resolved against the public origin); null without one. */
export function absoluteLogoUrl(env: Pick<Env, "PUBLIC_URL" | "HOST" | "PORT">, logo: string | null): string | null {
  if (!logo) return null;
  if (logo.startsWith("https://") || logo.startsWith("http://")) return logo;
  return logo.startsWith("/") ? `${baseUrl(env)}${logo}` : null;
}
