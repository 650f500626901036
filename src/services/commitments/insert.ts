import type { DbOrTx } from "../../../db/client.ts";
import { preventionCommitment } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Clock } from "../../lib/clock.ts";
import { ValidationError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { audienceViewer, canSee } from "../../projection/index.ts";
import type { CommitmentInput } from "../closures/schemas.ts";
import { assertMayPublishRestricted, isRestricted, storedVisibility } from "../incidents/rules.ts";

/** Inserts commitments after checking each visibility fits within the incident's. */
export async function insertCommitments(
  tx: DbOrTx,
  clock: Clock,
  ctx: ServiceContext,
  incidentId: string,
  incidentVisibility: string,
  commitments: CommitmentInput[],
  path = "commitments",
): Promise<string[]> {
  authorize(ctx, "incident.close");
  const now = clock.now();
  const ids: string[] = [];
  for (const [i, c] of commitments.entries()) {
    const visibility = await storedVisibility(tx, c.visibility, `${path}.${i}.visibility`);
    if (isRestricted(visibility)) assertMayPublishRestricted(ctx, "restricted commitments");
    if (!fits(incidentVisibility, visibility)) {
      throw new ValidationError("A commitment is visible to people who cannot see the incident", [
        { path: `${path}.${i}.visibility`, message: `must be within the incident's visibility "${incidentVisibility}"` },
      ]);
    }
    const id = newId();
    await tx
      .insert(preventionCommitment)
      .values({ id, incidentId, text: c.text, owner: c.owner, dueAt: c.dueAt ?? null, visibility, stateChangedAt: now, createdAt: now });
    ids.push(id);
  }
  return ids;
}

function fits(incidentVisibility: string, visibility: string): boolean {
  if (visibility === "internal" || incidentVisibility === "public") return true;
  if (visibility === "public" || incidentVisibility === "internal") return false;
  return visibility.split(",").every((slug) => canSee(audienceViewer("x", [slug]), incidentVisibility));
}
