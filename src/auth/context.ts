import { ForbiddenError } from "../lib/errors.ts";
import { type Action, type Actor, can } from "./permissions.ts";

/** Who is acting and on which request: the second argument of every service that changes data. */
export interface ServiceContext {
  actor: Actor;
  requestId?: string;
  ip?: string;
}

/** Every mutating service verb starts with this, so no adapter (API, console, CLI, job) can forget the rule. */
export function authorize(ctx: ServiceContext, action: Action): void {
  if (!can(ctx.actor, action)) throw new ForbiddenError(`Your role or token scopes do not allow ${action}`);
}
