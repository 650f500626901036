import { and, desc, eq, gte } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { type ReportChannel, report } from "../../../db/schema/index.ts";
import type { Clock } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";
import { GROUP_WINDOW_MS, pickGroup } from "./similar.ts";

export interface NewReport {
  what: string;
  componentId: string | null;
  email: string | null;
  channel: ReportChannel;
  customer?: string | null;
  organisation?: string | null;
  loggedBy?: string | null;
  /** The reporter's language (a locale tag); English when the report came from the team. */
  language?: string;
}

/** Inserts a report into the group of similar open reports (same component, similar words, recent). */
export async function insertReport(tx: DbOrTx, clock: Clock, input: NewReport): Promise<{ id: string; groupId: string }> {
  const now = clock.now();
  const recent = await tx
    .select({ groupId: report.groupId, what: report.what, componentId: report.componentId })
    .from(report)
    .where(and(eq(report.state, "open"), gte(report.createdAt, new Date(now.getTime() - GROUP_WINDOW_MS))))
    .orderBy(desc(report.createdAt))
    .limit(500);
  const id = newId();
  const groupId = pickGroup(input, recent) ?? id;
  await tx.insert(report).values({
    id,
    what: input.what,
    componentId: input.componentId,
    email: input.email,
    channel: input.channel,
    customer: input.customer ?? null,
    organisation: input.organisation ?? null,
    loggedBy: input.loggedBy ?? null,
    language: input.language ?? "en",
    groupId,
    createdAt: now,
  });
  return { id, groupId };
}
