import { desc, eq, lt } from "drizzle-orm";
import { capturedEmail } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { redactForReader } from "./redact.ts";

export interface MailboxMessage {
  id: string;
  to: string;
  from: string;
  subject: string;
  headers: Record<string, string>;
  html: string;
  text: string;
  time: string;
  /** Files attached (a maintenance announcement's .ics), their text decoded. */
  attachments: { filename: string; contentType: string; text: string }[];
}

const view = (r: typeof capturedEmail.$inferSelect, ctx: ServiceContext): MailboxMessage =>
  redactForReader(toMessage(r), r.tags, ctx.actor);

const toMessage = (r: typeof capturedEmail.$inferSelect): MailboxMessage => ({
  id: r.id,
  to: r.to,
  from: r.from,
  subject: r.subject,
  headers: r.headers,
  html: r.html,
  text: r.text,
  time: r.createdAt.toISOString(),
  attachments: (r.attachments ?? []).map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    text: Buffer.from(a.content, "base64").toString("utf8"),
  })),
});

/** Captured mail (the embedded default), newest first; `before` pages back in time. */
export async function listMailbox(
  deps: Pick<Deps, "db">,
  ctx: ServiceContext,
  query: { limit?: number; before?: Date } = {},
): Promise<MailboxMessage[]> {
  authorize(ctx, "mailbox.read");
  const rows = await deps.db
    .select()
    .from(capturedEmail)
    .where(query.before ? lt(capturedEmail.createdAt, query.before) : undefined)
    .orderBy(desc(capturedEmail.createdAt), desc(capturedEmail.id))
    .limit(Math.min(query.limit ?? 50, 500));
  return rows.map((r) => view(r, ctx));
}

export async function getMailboxMessage(deps: Pick<Deps, "db">, ctx: ServiceContext, id: string): Promise<MailboxMessage> {
  authorize(ctx, "mailbox.read");
  const [row] = await deps.db.select().from(capturedEmail).where(eq(capturedEmail.id, id));
  if (!row) throw new NotFoundError(`Message ${id}`);
  return view(row, ctx);
}
