import { and, eq, gt } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { viewerSession } from "../../db/schema/index.ts";
import { issueToken, parseToken, secretMatches } from "./secrets.ts";

/**
 * Sessions of verified audience viewers (the viewer cookie, src/projection/viewer-cookie.ts), kept like team sessions:
 * token `<id>.<secret>`, only SHA-256(secret) stored, compared in constant time.
 */
export const VIEWER_SESSION_TTL_MS = 30 * 24 * 60 * 60_000;

export async function createViewerSession(db: DbOrTx, email: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const issued = issueToken();
  const expiresAt = new Date(now.getTime() + VIEWER_SESSION_TTL_MS);
  await db.insert(viewerSession).values({ id: issued.id, email, secretHash: Buffer.from(issued.secretHash), createdAt: now, expiresAt });
  return { token: issued.token, expiresAt };
}

/** The email of a live session for this token, or null (unknown, wrong secret, expired). */
export async function viewerSessionEmail(db: DbOrTx, token: string, now: Date): Promise<string | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const [row] = await db
    .select()
    .from(viewerSession)
    .where(and(eq(viewerSession.id, parsed.id), gt(viewerSession.expiresAt, now)))
    .limit(1);
  return row && secretMatches(parsed.secret, row.secretHash) ? row.email : null;
}

/** Ends a viewer session (the cookie's token); unknown tokens are ignored. */
export async function endViewerSession(db: DbOrTx, token: string | undefined): Promise<void> {
  const parsed = token ? parseToken(token) : null;
  if (!parsed) return;
  const [row] = await db.select().from(viewerSession).where(eq(viewerSession.id, parsed.id));
  if (row && secretMatches(parsed.secret, row.secretHash)) await db.delete(viewerSession).where(eq(viewerSession.id, row.id));
}
