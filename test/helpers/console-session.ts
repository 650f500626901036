import type { Db } from "../../db/client.ts";
import { type Role, teamMember } from "../../db/schema/index.ts";
import { createSession } from "../../src/auth/sessions.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { newId } from "../../src/lib/ids.ts";

/** A team member and a console session written straight into a (running server's) database; returns the cookie value. */
export async function seedConsoleSession(db: Db, role: Role, who: { email: string; name: string }): Promise<string> {
  const now = new Date();
  const memberId = newId();
  await db.insert(teamMember).values({ id: memberId, email: who.email, name: who.name, role, createdAt: now, updatedAt: now });
  return (await createSession(db, { clock: systemClock }, memberId)).token;
}
