import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { audience, audienceMember, subscriber } from "../../db/schema/index.ts";
import { readCookie } from "../auth/cookies.ts";
import { viewerSessionEmail } from "../auth/viewer-sessions.ts";
import type { Clock } from "../lib/clock.ts";
import { ANONYMOUS, audienceViewer, type Viewer } from "./viewer.ts";

/** The cookie a verified audience member carries after following their magic link. */
export const VIEWER_COOKIE = "clarion_viewer";

/** The audiences an email address belongs to, in precedence order: explicit membership or a domain rule. */
export async function audiencesForEmail(db: DbOrTx, email: string): Promise<string[]> {
  const address = email.toLowerCase();
  const domain = address.split("@")[1] ?? "";
  const all = await db.select().from(audience).where(eq(audience.kind, "custom"));
  const explicit = await db
    .select({ audienceId: audienceMember.audienceId })
    .from(audienceMember)
    .innerJoin(subscriber, eq(subscriber.id, audienceMember.subscriberId))
    .where(and(eq(subscriber.channel, "email"), eq(subscriber.target, address)));
  const explicitIds = new Set(explicit.map((e) => e.audienceId));
  return all
    .filter((a) => explicitIds.has(a.id) || (domain && a.domains.some((d) => d.toLowerCase() === domain)))
    .sort((a, b) => a.precedence - b.precedence || a.slug.localeCompare(b.slug))
    .map((a) => a.slug);
}

/** Who is looking at a public page: a verified audience member (viewer cookie) or anonymous. */
export async function resolveViewer(deps: { db: DbOrTx; clock: Clock }, request: Request): Promise<Viewer> {
  const token = readCookie(request.headers.get("cookie"), VIEWER_COOKIE);
  if (!token) return ANONYMOUS;
  const email = await viewerSessionEmail(deps.db, token, deps.clock.now());
  if (!email) return ANONYMOUS;
  return audienceViewer(email, await audiencesForEmail(deps.db, email));
}
