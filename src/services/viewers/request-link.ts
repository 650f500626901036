import { z } from "zod";
import { viewerLink } from "../../../db/schema/index.ts";
import { renderMagicLinkEmail } from "../../../emails/index.ts";
import { issueToken } from "../../auth/secrets.ts";
import type { Deps } from "../../deps.ts";
import { isLocale, translator } from "../../i18n/index.ts";
import { baseUrl } from "../../lib/urls.ts";
import { enqueueEmail } from "../../notify/outbox.ts";
import { audiencesForEmail } from "../../projection/index.ts";
import { consumeRateLimit, enforceRateLimit } from "../rate-limit.ts";
import { pageName } from "../settings/page-name.ts";

export const VIEWER_LINK_TTL_MS = 15 * 60_000;
export const RequestViewerLink = z.object({ email: z.email("an email address").trim().toLowerCase().max(254) });

/**
 * Sends a one-time link to an address that belongs to some audience. The answer is the same
 * whether or not it does (no membership oracle); per-IP limits throw, per-address limits are silent.
 */
export async function requestViewerLink(
  deps: Pick<Deps, "db" | "clock" | "env">,
  /** language: the page's language where the address was entered (the email and the page it opens speak it). */
  input: { email: string; ip?: string; language?: string },
): Promise<void> {
  await enforceRateLimit(deps.db, deps.clock, `viewer-link:ip:${input.ip ?? "unknown"}`, { limit: 10, windowMs: 15 * 60_000 });
  const perAddress = await consumeRateLimit(deps.db, deps.clock, `viewer-link:email:${input.email}`, { limit: 3, windowMs: 15 * 60_000 });
  if (!perAddress.ok) return;
  if (!(await audiencesForEmail(deps.db, input.email)).length) return;
  const language = isLocale(input.language) ? input.language : undefined;
  const issued = issueToken();
  const now = deps.clock.now();
  const page = await pageName(deps.db);
  await deps.db.transaction(async (tx) => {
    await tx.insert(viewerLink).values({
      id: issued.id,
      email: input.email,
      secretHash: Buffer.from(issued.secretHash),
      createdAt: now,
      expiresAt: new Date(now.getTime() + VIEWER_LINK_TTL_MS),
    });
    const rendered = renderMagicLinkEmail({
      pageName: page,
      signInUrl: `${baseUrl(deps.env)}/access/verify?token=${encodeURIComponent(issued.token)}${language ? `&lang=${encodeURIComponent(language)}` : ""}`,
      expiresInMinutes: VIEWER_LINK_TTL_MS / 60_000,
      t: translator(language),
    });
    await enqueueEmail(tx, deps.clock, "viewer.magic_link", { to: input.email, ...rendered });
  });
}
