import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "../auth/cookies.ts";

/** The cookie a verified audience member carries after following their magic link. Spelled only here. */
export const VIEWER_COOKIE = "clarion_viewer";

const PERSONAL = new RegExp(`(?:^|;\\s*)(?:${[VIEWER_COOKIE, SESSION_COOKIE, SECURE_SESSION_COOKIE].join("|")})=`);

/**
 * Whether a request may be someone in particular (an audience viewer or a console session), so it
 * must bypass the shared anonymous cache. Built from the cookie names themselves: a rename cannot drift.
 */
export function hasPersonalCookie(cookie: string | undefined | null): boolean {
  return !!cookie && PERSONAL.test(cookie);
}
