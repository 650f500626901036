import { and, count, eq, isNotNull, ne } from "drizzle-orm";
import { feedback, incident, incidentUpdate, message, subscriber } from "../../../db/schema/index.ts";
import { hashSecret } from "../../auth/secrets.ts";
import type { Deps } from "../../deps.ts";
import { newId, randomSecret } from "../../lib/ids.ts";
import { rng } from "../demo/data.ts";

const DAY = 86_400_000;
const COMMENTS = {
  yes: ["Clear and early, thanks.", "Exactly what I needed to tell my team.", "Good to know the workaround."],
  no: ["Which regions are affected?", "Too vague — what should we do meanwhile?", "This came an hour after we noticed."],
};

/**
 * Adds what the page demo lacks for the insights dashboard: subscribers joining (and some
 * leaving) over 90 days, and stakeholder votes on the demo's published updates. Runs once.
 */
export async function seedLoopDemo(deps: Pick<Deps, "db" | "clock">): Promise<{ subscribers: number; votes: number }> {
  const [done] = await deps.db.select({ n: count() }).from(feedback);
  if ((done?.n ?? 0) > 0) return { subscribers: 0, votes: 0 };
  const random = rng(20260308);
  const now = deps.clock.now().getTime();
  return deps.db.transaction(async (tx) => {
    const subs: (typeof subscriber.$inferInsert)[] = [];
    for (let i = 0; i < 400; i++) {
      const joined = now - Math.floor(random() * 90 * DAY);
      const left = random() < 0.12 ? Math.min(now, joined + Math.floor(random() * 20 * DAY)) : null;
      subs.push({
        id: newId(),
        target: `reader${i}@demo.example`,
        confirmedAt: new Date(joined),
        unsubscribedAt: left ? new Date(left) : null,
        unsubscribeTokenHash: Buffer.from(hashSecret(randomSecret())),
        createdAt: new Date(joined),
        updatedAt: new Date(left ?? joined),
      });
    }
    for (let i = 0; i < subs.length; i += 100)
      await tx
        .insert(subscriber)
        .values(subs.slice(i, i + 100))
        .onConflictDoNothing();
    const updates = await tx
      .selectDistinct({ id: incidentUpdate.id, incidentId: incidentUpdate.incidentId, at: incidentUpdate.createdAt })
      .from(incidentUpdate)
      .innerJoin(incident, eq(incident.id, incidentUpdate.incidentId))
      .innerJoin(message, eq(message.updateId, incidentUpdate.id))
      .where(
        and(eq(incident.kind, "incident"), eq(incident.visibility, "public"), ne(message.kind, "internal"), isNotNull(incident.resolvedAt)),
      );
    const votes: (typeof feedback.$inferInsert)[] = [];
    for (const u of updates) {
      const n = Math.floor(random() * 4);
      for (let k = 0; k < n; k++) {
        const helpful = random() < 0.72;
        const comment = random() < 0.25 ? (COMMENTS[helpful ? "yes" : "no"][Math.floor(random() * 3)] as string) : null;
        votes.push({
          id: newId(),
          incidentId: u.incidentId,
          updateId: u.id,
          source: "web",
          helpful,
          comment,
          createdAt: new Date(u.at.getTime() + Math.floor(random() * 6 * 3600_000)),
        });
      }
    }
    const incidents = [...new Set(updates.map((u) => u.incidentId))];
    const readers = subs.map((s) => s.id);
    const latest = new Map(updates.map((u) => [u.incidentId, u.at.getTime()]));
    for (const incidentId of incidents.filter(() => random() < 0.4)) {
      const rater = readers[Math.floor(random() * readers.length)] as string;
      votes.push({
        id: newId(),
        incidentId,
        subscriberId: rater,
        source: "email",
        rating: 1 + Math.floor(random() * 5),
        createdAt: new Date((latest.get(incidentId) ?? now) + DAY),
      });
    }
    const fresh = votes.filter((v) => (v.createdAt as Date).getTime() <= now);
    for (let i = 0; i < fresh.length; i += 100)
      await tx
        .insert(feedback)
        .values(fresh.slice(i, i + 100))
        .onConflictDoNothing();
    return { subscribers: subs.length, votes: fresh.length };
  });
}
