import type { Deps } from "../../src/deps.ts";
import { createApiToken } from "../../src/services/tokens/tokens.ts";

/** A token created through the service (audited like a real one). */
export async function createTokenRow(deps: Deps): Promise<string> {
  const t = await createApiToken(deps, { actor: { type: "system", id: null, name: "test" } }, { name: "seed", scopes: ["read"] });
  return t.token;
}
