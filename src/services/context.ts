import type { Actor } from "../auth/permissions.ts";

/** Who is acting and on which request: the second argument of every service that changes data. */
export interface ServiceContext {
  actor: Actor;
  requestId?: string;
  ip?: string;
}
