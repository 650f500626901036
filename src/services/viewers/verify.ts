import { and, eq, gt, isNull } from "drizzle-orm";
import { viewerLink } from "../../../db/schema/index.ts";
import { parseToken, secretMatches } from "../../auth/secrets.ts";
import { createViewerSession, endViewerSession as endSession } from "../../auth/viewer-sessions.ts";
import type { Deps } from "../../deps.ts";
import { audiencesForEmail, VIEWER_COOKIE } from "../../projection/index.ts";

/** Consumes a magic link once; returns the viewer cookie's token and expiry, or null when invalid, used or expired. */
export async function verifyViewerLink(
  deps: Pick<Deps, "db" | "clock">,
  token: string,
): Promise<{ token: string; expiresAt: Date; audiences: string[] } | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [link] = await tx
      .select()
      .from(viewerLink)
      .where(and(eq(viewerLink.id, parsed.id), isNull(viewerLink.usedAt), gt(viewerLink.expiresAt, now)));
    if (!link || !secretMatches(parsed.secret, link.secretHash)) return null;
    await tx.update(viewerLink).set({ usedAt: now }).where(eq(viewerLink.id, link.id));
    const audiences = await audiencesForEmail(tx, link.email);
    if (!audiences.length) return null;
    return { ...(await createViewerSession(tx, link.email, now)), audiences };
  });
}

/** Ends a viewer session (the cookie's token); unknown tokens are ignored. */
export function endViewerSession(deps: Pick<Deps, "db">, token: string | undefined): Promise<void> {
  return endSession(deps.db, token);
}

/** The Set-Cookie value for the viewer cookie: HttpOnly, SameSite=Lax, Secure over https. */
export function viewerCookie(requestUrl: string, token: string, expiresAt: Date | null): string {
  const attrs = [
    `${VIEWER_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    expiresAt ? `Expires=${expiresAt.toUTCString()}` : "Max-Age=0",
  ];
  if (requestUrl.startsWith("https:")) attrs.push("Secure");
  return attrs.join("; ");
}
