import { eq, or } from "drizzle-orm";
import { type DeliveryState, delivery, webhookReceipt } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { AppError, UnauthorizedError } from "../../lib/errors.ts";
import { selfServiceContext } from "../subscribers/actors.ts";
import { suppressAddress } from "../subscribers/suppress.ts";
import { verifySvix } from "./svix.ts";

interface ResendEvent {
  type?: string;
  data?: {
    email_id?: string;
    to?: string[] | string;
    tags?: Record<string, string> | { name: string; value: string }[];
    bounce?: { type?: string; subType?: string; message?: string };
  };
}

const STATE_FOR: Record<string, DeliveryState> = {
  "email.delivered": "delivered",
  "email.bounced": "bounced",
  "email.complained": "complained",
};

function deliveryTag(tags: NonNullable<ResendEvent["data"]>["tags"]): string | undefined {
  if (Array.isArray(tags)) return tags.find((t) => t.name === "delivery")?.value;
  return tags?.delivery;
}

/**
 * Applies one Resend webhook: verified (Svix), deduplicated by svix-id (a replay answers
 * "duplicate" and changes nothing), then delivery state updated; a permanent bounce or a
 * complaint suppresses the address so nothing more is sent to it.
 */
export async function handleResendWebhook(
  deps: Pick<Deps, "db" | "clock" | "env">,
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
  const tag = deliveryTag(event.data?.tags);
  const emailId = event.data?.email_id;
  const state = STATE_FOR[type];
  const permanent = type === "email.bounced" ? (event.data?.bounce?.type ?? "Permanent").toLowerCase() === "permanent" : true;
  if (state && (tag || emailId) && (type !== "email.bounced" || permanent)) {
    await deps.db
      .update(delivery)
      .set({
        state,
        lastError:
          type === "email.delivered" ? null : `${type}${event.data?.bounce?.message ? `: ${event.data.bounce.message}` : ""}`.slice(0, 500),
        updatedAt: deps.clock.now(),
      })
      .where(or(tag ? eq(delivery.id, tag) : undefined, emailId ? eq(delivery.providerId, emailId) : undefined));
  }
  if ((type === "email.bounced" && permanent) || type === "email.complained") {
    const to = Array.isArray(event.data?.to) ? event.data.to : event.data?.to ? [event.data.to] : [];
    for (const address of to)
      await suppressAddress(deps, selfServiceContext("Resend webhook"), address, type === "email.complained" ? "complaint" : "hard bounce");
  }
  return { received: true, duplicate: false };
}
