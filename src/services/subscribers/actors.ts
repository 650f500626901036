import type { ServiceContext } from "../../auth/context.ts";
import type { SystemActor } from "../../auth/permissions.ts";

/** Who acts when a subscriber uses a public page or link (there is no session): recorded in the audit log. */
export function selfServiceContext(how: string, ip?: string, requestId?: string): ServiceContext {
  const actor: SystemActor = { type: "system", id: null, name: `subscriber via ${how}` };
  return { actor, ip, requestId };
}
