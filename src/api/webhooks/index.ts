import { Hono } from "hono";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../lib/errors.ts";
import { handleResendWebhook } from "../../services/provider-events/resend.ts";
import { apiErrorResponse } from "../app.ts";

const MAX_BODY = 256 * 1024;

/**
 * Provider webhooks under /api/webhooks: no session, no origin check (exempt in auth/origin.ts);
 * each request proves itself by signature over the raw body, read here before any parsing.
 */
export function createWebhooksApp(deps: Deps): Hono {
  const app = new Hono().basePath("/api/webhooks");
  app.post("/resend", async (c) => {
    const raw = await c.req.text();
    if (raw.length > MAX_BODY) throw new AppError("payload_too_large", "The webhook body is too large");
    const result = await handleResendWebhook(deps, raw, {
      id: c.req.header("svix-id"),
      timestamp: c.req.header("svix-timestamp"),
      signature: c.req.header("svix-signature"),
    });
    return c.json(result, 200, { "Cache-Control": "no-store" });
  });
  app.notFound((c) =>
    apiErrorResponse(new AppError("not_found", `No webhook at ${new URL(c.req.url).pathname}`), crypto.randomUUID(), deps),
  );
  app.onError((err) => apiErrorResponse(err, crypto.randomUUID(), deps));
  return app;
}
