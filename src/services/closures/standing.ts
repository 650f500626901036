import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { closure, incidentUpdate } from "../../../db/schema/index.ts";
import type { Clock } from "../../lib/clock.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { CLOSED_STATUSES, type IncidentRow } from "../incidents/load.ts";
import { insertUpdate } from "../updates/write.ts";

export interface StandingClosure {
  updateId: string;
  apologyUpdateId: string | null;
  /** Whether the apology's step still stands (not retracted). */
  apologyStands: boolean;
}

/** The closure that is in force: the incident is closed and its closure step is not retracted. */
export async function standingClosure(tx: DbOrTx, inc: IncidentRow): Promise<StandingClosure | null> {
  if (!CLOSED_STATUSES.includes(inc.status)) return null;
  const [link] = await tx.select().from(closure).where(eq(closure.incidentId, inc.id));
  if (!link) return null;
  const steps = await tx
    .select({ id: incidentUpdate.id, retractedAt: incidentUpdate.retractedAt })
    .from(incidentUpdate)
    .where(eq(incidentUpdate.incidentId, inc.id));
  const stands = (id: string | null): boolean => Boolean(id && steps.some((s) => s.id === id && !s.retractedAt));
  if (!stands(link.updateId)) return null;
  return { updateId: link.updateId, apologyUpdateId: link.apologyUpdateId, apologyStands: stands(link.apologyUpdateId) };
}

export async function requireStandingClosure(tx: DbOrTx, inc: IncidentRow): Promise<StandingClosure> {
  const found = await standingClosure(tx, inc);
  if (!found) throw new NotFoundError(`The closure notice of incident ${inc.id}`);
  return found;
}

/** Writes the apology as its own timeline step (public text and audience variants); null when there is none. */
export async function insertApology(
  tx: DbOrTx,
  clock: Clock,
  incidentId: string,
  body: string | null,
  variants: { audience: string; body: string }[],
  authorId: string | null,
): Promise<string | null> {
  if (!body && !variants.length) return null;
  return insertUpdate(tx, clock, {
    incidentId,
    kind: "apology",
    status: "resolved",
    body,
    variants,
    components: [],
    notify: false,
    authorId,
  });
}
