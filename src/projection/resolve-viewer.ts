import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { audience, audienceMember, subscriber } from "../../db/schema/index.ts";
import { readCookie } from "../auth/cookies.ts";
import { viewerSessionEmail } from "../auth/viewer-sessions.ts";
import type { Clock } from "../lib/clock.ts";
import { ANONYMOUS, audienceViewer, type Viewer } from "./viewer.ts";
import { VIEWER_COOKIE } from "./viewer-cookie.ts";

/** The audiences an email address belongs to, in precedence order: explicit membership or a domain rule. */
export async function audiencesForEmail(db: DbOrTx, email: string): Promise<string[]> {
  return (await audiencesForEmails(db, [email])).get(email) ?? [];
}

/** audiencesForEmail for a whole batch of addresses in two queries (keys are the addresses as given). */
export async function audiencesForEmails(db: DbOrTx, emails: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!emails.length) return out;
  const addresses = [...new Set(emails.map((e) => e.toLowerCase()))];
  // Side by side: on a libSQL server each read is a round trip, and a batch's render waits for both.
  const [audiences, explicit] = await Promise.all([
    db.select().from(audience).where(eq(audience.kind, "custom")),
    db
      .select({ audienceId: audienceMember.audienceId, email: subscriber.target })
      .from(audienceMember)
      .innerJoin(subscriber, eq(subscriber.id, audienceMember.subscriberId))
      .where(and(eq(subscriber.channel, "email"), inArray(subscriber.target, addresses))),
  ]);
  const custom = audiences.sort((a, b) => a.precedence - b.precedence || a.slug.localeCompare(b.slug));
  for (const email of emails) {
    const address = email.toLowerCase();
    const domain = address.split("@")[1] ?? "";
    const mine = new Set(explicit.filter((e) => e.email === address).map((e) => e.audienceId));
    out.set(
      email,
      custom.filter((a) => mine.has(a.id) || (domain && a.domains.some((d) => d.toLowerCase() === domain))).map((a) => a.slug),
    );
  }
  return out;
}

/** Who is looking at a public page: a verified audience member (viewer cookie) or anonymous. */
export async function resolveViewer(deps: { db: DbOrTx; clock: Clock }, request: Request): Promise<Viewer> {
  const token = readCookie(request.headers.get("cookie"), VIEWER_COOKIE);
  if (!token) return ANONYMOUS;
  const email = await viewerSessionEmail(deps.db, token, deps.clock.now());
  if (!email) return ANONYMOUS;
  return audienceViewer(email, await audiencesForEmail(deps.db, email));
}
