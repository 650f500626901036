import { readFileSync } from "node:fs";
import path from "node:path";
import type { createIntakeApi } from "../../src/api/intake/index.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import type { Deps } from "../../src/deps.ts";
import { createSource } from "../../src/services/intake/sources.ts";

/** A documented payload example from test/fixtures/intake, parsed fresh each time. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../fixtures/intake", name), "utf8"));
}

/** A new intake source; returns its id and the Authorization header carrying its token. */
export async function makeSource(deps: Deps, kind: "alertmanager" | "grafana" | "generic", name = `${kind} source`) {
  const created = await createSource(deps, { actor: SYSTEM }, { name, kind });
  return { id: created.id, token: created.token, headers: { authorization: `Bearer ${created.token}` } };
}

/** POSTs JSON to an intake receiver the way Alertmanager or Grafana would. */
export function postIntake(
  app: ReturnType<typeof createIntakeApi>,
  kind: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<Response> {
  return Promise.resolve(
    app.request(`/api/intake/${kind}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}
