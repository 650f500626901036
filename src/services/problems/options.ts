import { desc, eq } from "drizzle-orm";
import { incident, preventionCommitment } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";

/** What the problem page can link: recent incidents and every commitment, newest first. */
export async function problemLinkOptions(
  deps: Pick<Deps, "db">,
): Promise<{ incidents: { id: string; title: string }[]; commitments: { id: string; text: string; incidentTitle: string }[] }> {
  const incidents = await deps.db
    .select({ id: incident.id, title: incident.title })
    .from(incident)
    .where(eq(incident.kind, "incident"))
    .orderBy(desc(incident.startedAt))
    .limit(200);
  const commitments = await deps.db
    .select({ id: preventionCommitment.id, text: preventionCommitment.text, incidentTitle: incident.title })
    .from(preventionCommitment)
    .innerJoin(incident, eq(incident.id, preventionCommitment.incidentId))
    .orderBy(desc(preventionCommitment.createdAt))
    .limit(200);
  return { incidents, commitments };
}
