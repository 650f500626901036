import { and, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { problemCommitment, problemIncident } from "../../../db/schema/index.ts";
import { ConflictError } from "../../lib/errors.ts";
import { requireCommitments, requireIncidents } from "./rules.ts";

/** Adds and removes incident links and commitment attachments; the caller owns the transaction. */
export async function applyLinks(
  tx: DbOrTx,
  problemId: string,
  input: { addIncidents: string[]; removeIncidents: string[]; addCommitments: string[]; removeCommitments: string[] },
  paths = { incidents: "addIncidents", commitments: "addCommitments" },
): Promise<void> {
  await requireIncidents(tx, input.addIncidents, paths.incidents);
  await requireCommitments(tx, input.addCommitments, paths.commitments);
  if (input.addCommitments.length) {
    const [taken] = await tx
      .select({ id: problemCommitment.commitmentId })
      .from(problemCommitment)
      .where(and(inArray(problemCommitment.commitmentId, input.addCommitments), ne(problemCommitment.problemId, problemId)));
    if (taken) throw new ConflictError(`Commitment ${taken.id} is already attached to another problem`);
  }
  for (const incidentId of input.addIncidents) await tx.insert(problemIncident).values({ problemId, incidentId }).onConflictDoNothing();
  for (const commitmentId of input.addCommitments)
    await tx.insert(problemCommitment).values({ problemId, commitmentId }).onConflictDoNothing();
  if (input.removeIncidents.length)
    await tx
      .delete(problemIncident)
      .where(and(eq(problemIncident.problemId, problemId), inArray(problemIncident.incidentId, input.removeIncidents)));
  if (input.removeCommitments.length)
    await tx
      .delete(problemCommitment)
      .where(and(eq(problemCommitment.problemId, problemId), inArray(problemCommitment.commitmentId, input.removeCommitments)));
}
