import { Hono } from "hono";
import { z } from "zod";
import { getMailboxMessage, listMailbox } from "../../services/mailbox/list.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { responds } from "../responds.ts";
import { Mailbox, MailboxMessage } from "../responses/subscribers.ts";
import { valid } from "../validate.ts";

const Query = z.object({ limit: z.coerce.number().int().min(1).max(500).optional(), before: z.iso.datetime().optional() });

/** /api/admin/mailbox: mail the embedded default captured, newest first. */
export const mailboxRoutes = new Hono<ApiEnv>()
  .get("/", authorize("mailbox.read"), valid("query", Query), responds(200, Mailbox), async (c) => {
    const q = c.req.valid("query");
    return c.json({
      messages: await listMailbox(c.var.deps, serviceContext(c), { limit: q.limit, before: q.before ? new Date(q.before) : undefined }),
    });
  })
  .get("/:id", authorize("mailbox.read"), valid("param", IdParam), responds(200, MailboxMessage), async (c) =>
    c.json(await getMailboxMessage(c.var.deps, serviceContext(c), c.req.valid("param").id)),
  );
