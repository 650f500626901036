import type { Env } from "../env.ts";

/**
 * The one public origin, without a trailing slash: PUBLIC_URL when set; else the request's own
 * origin when there is a request; else the local server (emails written on a fresh machine).
 */
export function baseUrl(env: Pick<Env, "PUBLIC_URL" | "HOST" | "PORT">, requestOrigin?: string): string {
  return (env.PUBLIC_URL ?? requestOrigin ?? `http://${env.HOST}:${env.PORT}`).replace(/\/$/, "");
}
