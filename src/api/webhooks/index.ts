import type { Hono } from "hono";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../lib/errors.ts";
import { handleResendWebhook } from "../../services/provider-events/resend.ts";
import { createSubApp, type SubAppEnv } from "../sub-app.ts";

const MAX_BODY = 256 * 1024;

/**
 * Provider webhooks under /api/webhooks: no session, no origin check (exempt in auth/origin.ts);
 * each request proves itself by signature over the raw body, read here before any parsing.
 */
export function createWebhooksApp(deps: Deps): Hono<SubAppEnv> {
  const app = createSubApp(deps, {
    basePath: "/api/webhooks",
    maxBodyBytes: MAX_BODY,
    tooLarge: `The webhook body is larger than ${MAX_BODY / 1024} KiB`,
    notFound: (_method, path) => `No webhook at ${path}`,
  });
  app.post("/resend", async (c) => {
    const raw = await c.req.text();
    if (raw.length > MAX_BODY) throw new AppError("payload_too_large", "The webhook body is too large");
    const result = await handleResendWebhook(deps, raw, {
      id: c.req.header("svix-id"),
      timestamp: c.req.header("svix-timestamp"),
      signature: c.req.header("svix-signature"),
    });
    return c.json(result, 200);
  });
  return app;
}
