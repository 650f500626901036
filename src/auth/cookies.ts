/** Session cookies: `__Host-` prefixed and Secure over https; plain-http (localhost) can't use either. */
export const SESSION_COOKIE = "clarion_session";
export const SECURE_SESSION_COOKIE = "__Host-clarion_session";

export function sessionCookieName(requestUrl: string): string {
  return requestUrl.startsWith("https:") ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    // A malformed %-escape is the client's mistake: treat the cookie as absent, never a 500.
    try {
      return decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function readSessionCookie(request: Request): string | undefined {
  const header = request.headers.get("cookie");
  return readCookie(header, SECURE_SESSION_COOKIE) ?? readCookie(header, SESSION_COOKIE);
}

export function sessionCookie(requestUrl: string, token: string, expiresAt: Date): string {
  const secure = requestUrl.startsWith("https:");
  const attrs = [`${sessionCookieName(requestUrl)}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Expires=${expiresAt.toUTCString()}`];
  if (secure) attrs.push("Secure");
  return attrs.join("; ");
}

export function clearSessionCookie(requestUrl: string): string {
  const secure = requestUrl.startsWith("https:");
  return [`${sessionCookieName(requestUrl)}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

/** A 303 that also sets a cookie (Astro.redirect's headers cannot take one). */
export function redirectWithCookie(location: string, cookie: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, "Set-Cookie": cookie, "Cache-Control": "no-store" } });
}
