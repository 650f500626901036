import { and, asc, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { escalationContact, teamMember } from "../../../db/schema/index.ts";

export interface Pageable {
  email: string;
  webhookUrl: string | null;
  ackMinutes: number;
}

/** The contacts at one level for the given components or category, with member addresses resolved. */
export async function contactsAt(
  db: DbOrTx,
  scope: { componentIds: string[]; category: string | null },
  level: number,
): Promise<Pageable[]> {
  const who: SQL[] = [];
  if (scope.componentIds.length) who.push(inArray(escalationContact.componentId, scope.componentIds));
  if (scope.category) who.push(eq(escalationContact.category, scope.category));
  if (!who.length) return [];
  const rows = await db
    .select({
      email: escalationContact.email,
      memberEmail: teamMember.email,
      webhookUrl: escalationContact.webhookUrl,
      ackMinutes: escalationContact.ackMinutes,
    })
    .from(escalationContact)
    .leftJoin(teamMember, and(eq(teamMember.id, escalationContact.memberId), isNull(teamMember.disabledAt)))
    .where(and(eq(escalationContact.level, level), or(...who)))
    .orderBy(asc(escalationContact.createdAt));
  const seen = new Set<string>();
  const out: Pageable[] = [];
  for (const r of rows) {
    const email = r.email ?? r.memberEmail;
    if (!email || seen.has(email)) continue;
    seen.add(email);
    out.push({ email, webhookUrl: r.webhookUrl, ackMinutes: r.ackMinutes });
  }
  return out;
}

/**
 * A drill pages only the team: contacts that are active team members (a member contact, or an address
 * that is a member's), by email only (chat webhooks may reach people outside the team).
 */
export async function teamOnlyContacts(db: DbOrTx, contacts: Pageable[]): Promise<Pageable[]> {
  if (!contacts.length) return contacts;
  const members = await db
    .select({ email: teamMember.email })
    .from(teamMember)
    .where(
      and(
        isNull(teamMember.disabledAt),
        inArray(
          teamMember.email,
          contacts.map((c) => c.email.toLowerCase()),
        ),
      ),
    );
  const team = new Set(members.map((m) => m.email));
  return contacts.filter((c) => team.has(c.email.toLowerCase())).map((c) => ({ ...c, webhookUrl: null }));
}

/** How a page names what it is about; a drill says so first, so nobody mistakes practice for an outage. */
export function pageWhat(what: string, drill: boolean): string {
  return drill ? `DRILL, not a real outage: ${what}` : what;
}
