import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { audience, audienceMember, auditEvent, subscriber, subscription } from "../../../db/schema/index.ts";
import type { ServiceContext } from "../../auth/context.ts";
import { unsubscribeToken, unsubscribeTokenHash } from "../../auth/link-signatures.ts";
import { actorLabel } from "../../auth/permissions.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Deps } from "../../deps.ts";
import { newId } from "../../lib/ids.ts";
import { consentText } from "./add.ts";
import { importOneRow } from "./import-rows.ts";
import type { AdminCreateSubscriber } from "./schemas.ts";

type Parsed = { line: number; input: AdminCreateSubscriber };

/**
 * Adds a chunk of already-validated rows in a few multi-row statements (subscribers, follows,
 * audiences, audit) inside the chunk's transaction. Addresses already subscribed (or repeated in
 * the CSV) are reported; rows without consent take the one-by-one path, which queues their mail.
 */
export async function addChunk(
  tx: DbOrTx,
  deps: Pick<Deps, "clock" | "env">,
  ctx: ServiceContext,
  rows: Parsed[],
): Promise<{ line: number; email: string; message: string }[]> {
  const errors: { line: number; email: string; message: string }[] = [];
  const emails = [...new Set(rows.map((r) => r.input.email))];
  const existing = emails.length
    ? await tx.select({ target: subscriber.target }).from(subscriber).where(inArray(subscriber.target, emails))
    : [];
  const taken = new Set(existing.map((e) => e.target));
  const slugs = [...new Set(rows.flatMap((r) => r.input.audiences))];
  const audiences = slugs.length ? await tx.select().from(audience).where(inArray(audience.slug, slugs)) : [];
  const audienceId = new Map(audiences.filter((a) => a.kind === "custom").map((a) => [a.slug, a.id]));
  const secret = await serverSecret(tx, deps.clock);
  const now = deps.clock.now();
  const fresh: (Parsed & { id: string; consent: string })[] = [];
  for (const r of rows) {
    const missing = r.input.audiences.filter((s) => !audienceId.has(s));
    if (taken.has(r.input.email)) errors.push({ line: r.line, email: r.input.email, message: `${r.input.email} is already a subscriber` });
    else if (missing.length) errors.push({ line: r.line, email: r.input.email, message: `Unknown audiences (${missing.join(", ")})` });
    else {
      taken.add(r.input.email);
      const consent = consentText(r.input.consent, ctx.actor.name);
      if (consent) fresh.push({ ...r, id: newId(), consent });
      else {
        const problem = await importOneRow(tx, deps, ctx, r.input);
        if (problem) errors.push({ line: r.line, email: r.input.email, message: problem });
      }
    }
  }
  if (!fresh.length) return errors;
  await tx.insert(subscriber).values(
    fresh.map((r) => ({
      id: r.id,
      channel: "email" as const,
      target: r.input.email,
      language: r.input.language,
      maintenance: r.input.maintenance,
      allComponents: !r.input.components.length && !r.input.groups.length,
      consent: r.consent,
      confirmedAt: now,
      unsubscribeTokenHash: unsubscribeTokenHash(unsubscribeToken(secret, r.id)),
      createdAt: now,
      updatedAt: now,
    })),
  );
  const follows = fresh.flatMap((r) => [
    ...r.input.components.map((targetId) => ({ subscriberId: r.id, targetType: "component" as const, targetId })),
    ...r.input.groups.map((targetId) => ({ subscriberId: r.id, targetType: "group" as const, targetId })),
  ]);
  if (follows.length) await tx.insert(subscription).values(follows).onConflictDoNothing();
  const members = fresh.flatMap((r) => r.input.audiences.map((s) => ({ audienceId: audienceId.get(s) as string, subscriberId: r.id })));
  if (members.length) await tx.insert(audienceMember).values(members).onConflictDoNothing();
  await tx.insert(auditEvent).values(
    fresh.map((r) => ({
      at: now,
      actorType: ctx.actor.type,
      actorId: ctx.actor.id,
      actorLabel: actorLabel(ctx.actor),
      action: "subscriber.create",
      resourceType: "subscriber",
      resourceId: r.id,
      after: { email: r.input.email, consent: r.consent, audiences: r.input.audiences, import: true },
    })),
  );
  return errors;
}
