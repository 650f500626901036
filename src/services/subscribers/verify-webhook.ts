import { and, eq, isNull } from "drizzle-orm";
import { subscriber } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { verifyWebhookCode } from "../../auth/link-signatures.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Deps } from "../../deps.ts";
import { ValidationError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import { enforceRateLimit } from "../rate-limit.ts";
import { signingSecretOf } from "./get.ts";
import type { VerifyWebhookInput } from "./schemas.ts";

/** Tries per webhook per hour: the code has 50 bits, this keeps guessing pointless. */
export const VERIFY_TRIES_PER_HOUR = 10;

const WRONG = new ValidationError("That code does not match", [
  { path: "code", message: "copy the code from the latest verification request Clarion sent to your URL" },
]);

/**
 * The owner of a webhook URL types back the code Clarion POSTed to it: the webhook becomes active,
 * and its signing secret is shown once. An unknown id and a wrong code answer alike.
 */
export async function verifyWebhookSubscriber(
  deps: Pick<Deps, "db" | "clock" | "env">,
  ctx: ServiceContext,
  input: VerifyWebhookInput,
): Promise<{ signingSecret: string }> {
  authorize(ctx, "subscriber.manage");
  await enforceRateLimit(deps.db, deps.clock, `webhook-verify:${input.subscriber}`, { limit: VERIFY_TRIES_PER_HOUR, windowMs: 3600_000 });
  const [row] = await deps.db
    .select()
    .from(subscriber)
    .where(and(eq(subscriber.id, input.subscriber), eq(subscriber.channel, "webhook"), isNull(subscriber.suppressedAt)));
  const secret = await serverSecret(deps.db, deps.clock);
  if (!row || !verifyWebhookCode(secret, row.id, input.code)) throw WRONG;
  if (!row.confirmedAt || row.unsubscribedAt) {
    await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      await tx.update(subscriber).set({ confirmedAt: now, unsubscribedAt: null, updatedAt: now }).where(eq(subscriber.id, row.id));
      await recordAudit(tx, deps.clock, ctx, { action: "subscriber.confirm", resourceType: "subscriber", resourceId: row.id });
    });
  }
  return { signingSecret: await signingSecretOf(deps, row.id) };
}
