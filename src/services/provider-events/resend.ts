import { eq, or } from "drizzle-orm";
import { type DeliveryState, delivery, webhookReceipt } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { AppError, UnauthorizedError } from "../../lib/errors.ts";
import { selfServiceContext } from "../subscribers/actors.ts";
import { suppressAddress } from "../subscribers/suppress.ts";
import { type ResendEvent, resendEventOutcome } from "./resend-outcome.ts";
import { verifySvix } from "./svix.ts";

function deliveryTag(tags: Record<string, string> | { name: string; value: string }[] | undefined): string | undefined {
  if (Array.isArray(tags)) return tags.find((t) => t.name === "delivery")?.value;
  return tags?.delivery;
}

function recipients(to: unknown): string[] {
  if (Array.isArray(to)) return to.filter((t): t is string => typeof t === "string");
  return typeof to === "string" ? [to] : [];
}

/**
 * Applies one Resend webhook: verified (Svix), deduplicated by svix-id (a replay answers
 * "duplicate" and changes nothing), then delivery state updated; where Resend says the address
 * cannot receive mail (permanent bounce, complaint, suppression, a failure naming the recipient)
 * the address is suppressed so nothing more is sent to it. The rules are in resend-outcome.ts.
 */
export async function handleResendWebhook(
  deps: Pick<Deps, "db" | "clock" | "env" | "logger">,
  rawBody: string,
  headers: { id?: string; timestamp?: string; signature?: string },
): Promise<{ received: true; duplicate: boolean }> {
  const secret = deps.env.RESEND_WEBHOOK_SECRET;
  if (!secret) throw new AppError("unavailable", "RESEND_WEBHOOK_SECRET is not set, so webhooks cannot be verified");
  const check = verifySvix(secret, rawBody, headers, Math.floor(deps.clock.now().getTime() / 1000));
  if (!check.ok) throw new UnauthorizedError(`Invalid webhook signature: ${check.reason}`);
  let event: ResendEvent;
  try {
    event = JSON.parse(rawBody) as ResendEvent;
  } catch {
    throw new AppError("malformed_json", "The webhook body is not valid JSON");
  }
  const type = String(event.type ?? "unknown").slice(0, 64);
  const inserted = await deps.db
    .insert(webhookReceipt)
    .values({ id: headers.id as string, type, receivedAt: deps.clock.now() })
    .onConflictDoNothing()
    .returning();
  if (!inserted.length) return { received: true, duplicate: true };
  const outcome = resendEventOutcome(event);
  if (!outcome) return { received: true, duplicate: false };
  const tag = deliveryTag(event.data?.tags);
  const emailId = typeof event.data?.email_id === "string" ? event.data.email_id : undefined;
  if (outcome.state && (tag || emailId)) await markDelivery(deps, outcome.state, outcome.detail, tag, emailId);
  if (outcome.accountProblem)
    deps.logger.warn("Resend could not send an email for a reason of the account, not the address", { type, detail: outcome.detail });
  if (outcome.suppress)
    for (const address of recipients(event.data?.to))
      await suppressAddress(deps, selfServiceContext("Resend webhook"), address, outcome.suppress);
  return { received: true, duplicate: false };
}

async function markDelivery(
  deps: Pick<Deps, "db" | "clock">,
  state: DeliveryState,
  detail: string | null,
  tag: string | undefined,
  emailId: string | undefined,
): Promise<void> {
  await deps.db
    .update(delivery)
    .set({ state, lastError: detail?.slice(0, 500) ?? null, updatedAt: deps.clock.now() })
    .where(or(tag ? eq(delivery.id, tag) : undefined, emailId ? eq(delivery.providerId, emailId) : undefined));
}
