import type { Role, Scope } from "../../db/schema/index.ts";

/**
 * Everything the console and API let someone do. One table per kind of actor decides it:
 * members by role, API tokens by scope. Nothing else grants access.
 */
export const ACTIONS = [
  "console.read", //            see the console and read admin data
  "incident.write", //          create and update incidents, post public updates and internal notes
  "incident.publish_restricted", // publish to restricted audiences, change incident visibility
  "incident.close", //          closures, apologies, commitments, postmortems
  "maintenance.write",
  "template.manage",
  "audience.manage",
  "subscriber.manage",
  "component.write",
  "settings.write",
  "mailbox.read",
  "team.manage", //             invite, change role, disable (not owners)
  "team.manage_owners",
  "token.manage",
  "audit.read",
] as const;
export type Action = (typeof ACTIONS)[number];

const communicator: Action[] = [
  "console.read",
  "incident.write",
  "incident.publish_restricted",
  "incident.close",
  "maintenance.write",
  "template.manage",
  "audience.manage",
  "subscriber.manage",
];
const admin: Action[] = [...communicator, "component.write", "settings.write", "mailbox.read", "team.manage", "token.manage", "audit.read"];

export const ROLE_ACTIONS: Record<Role, ReadonlySet<Action>> = {
  owner: new Set<Action>([...admin, "team.manage_owners"]),
  admin: new Set(admin),
  communicator: new Set(communicator),
  responder: new Set<Action>(["console.read", "incident.write"]),
  viewer: new Set<Action>(["console.read"]),
};

export const SCOPE_ACTIONS: Record<Scope, ReadonlySet<Action>> = {
  read: new Set<Action>(["console.read"]),
  write: new Set<Action>([
    "incident.write",
    "maintenance.write",
    "template.manage",
    "audience.manage",
    "subscriber.manage",
    "component.write",
  ]),
  publish: new Set<Action>(["incident.publish_restricted", "incident.close"]),
  admin: new Set<Action>(["settings.write", "mailbox.read", "team.manage", "token.manage", "audit.read"]),
};

export interface MemberActor {
  type: "member";
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string | null;
  /** The member's chosen IANA time zone for the console; absent or null until chosen. */
  timeZone?: string | null;
}
export interface TokenActor {
  type: "token";
  id: string;
  name: string;
  scopes: Scope[];
}
export interface SystemActor {
  type: "system";
  id: null;
  name: string;
}
export type Actor = MemberActor | TokenActor | SystemActor;

export const SYSTEM: SystemActor = { type: "system", id: null, name: "Clarion" };

/** The single authorization decision. */
export function can(actor: Actor | null | undefined, action: Action): boolean {
  if (!actor) return false;
  if (actor.type === "system") return true;
  if (actor.type === "member") return ROLE_ACTIONS[actor.role].has(action);
  return actor.scopes.some((s) => SCOPE_ACTIONS[s].has(action));
}

/** The team member behind an action, for author and owner columns; null for API tokens and the system. */
export function memberIdOf(actor: Actor): string | null {
  return actor.type === "member" ? actor.id : null;
}

export function actorLabel(actor: Actor): string {
  if (actor.type === "member") return `${actor.name} <${actor.email}>`;
  if (actor.type === "token") return `token ${actor.name}`;
  return actor.name;
}
