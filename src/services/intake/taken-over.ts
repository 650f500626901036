import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { auditEvent } from "../../../db/schema/index.ts";

/** A person has taken an incident over once any team member changed it or posted to it (the audit log knows). */
export async function takenOver(db: DbOrTx, incidentId: string | null): Promise<boolean> {
  if (!incidentId) return false;
  const [hit] = await db
    .select({ id: auditEvent.id })
    .from(auditEvent)
    .where(and(eq(auditEvent.resourceType, "incident"), eq(auditEvent.resourceId, incidentId), eq(auditEvent.actorType, "member")))
    .limit(1);
  return Boolean(hit);
}
