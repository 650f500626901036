/** Paths whose POSTs come from mail clients or other servers, not from our pages (RFC 8058 one-click, provider webhooks). */
export const ORIGIN_CHECK_EXEMPT: readonly RegExp[] = [/^\/unsubscribe\/[^/]+$/, /^\/api\/webhooks\//, /^\/api\/intake\//];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isExemptFromOriginCheck(pathname: string): boolean {
  return ORIGIN_CHECK_EXEMPT.some((re) => re.test(pathname));
}

/**
 * A state-changing request made with a cookie must come from our own pages: the browser's
 * Sec-Fetch-Site says same-origin, or its Origin equals ours. A request with neither is refused.
 */
export function passesOriginCheck(request: Request, publicUrl?: string): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  const allowed = new Set([new URL(request.url).origin]);
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  return allowed.has(origin);
}
