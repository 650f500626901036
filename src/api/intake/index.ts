import type { Context, Hono, MiddlewareHandler } from "hono";
import type { ZodType } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError, UnauthorizedError, ValidationError, zodDetails } from "../../lib/errors.ts";
import { ingestAlerts } from "../../services/intake/ingest.ts";
import { fromAlertmanager, fromGeneric, fromGrafana, type NormalizedAlert } from "../../services/intake/normalize.ts";
import { AlertmanagerPayload, GenericPayload, GrafanaPayload } from "../../services/intake/schemas.ts";
import { touchSource } from "../../services/intake/sources.ts";
import { authenticateSource, type IntakeSourceRow } from "../../services/intake/token.ts";
import { createSubApp, type SubAppEnv } from "../sub-app.ts";
import { jsonBodyGuard } from "../validate.ts";

export const INTAKE_BODY_LIMIT = 5 * 1024 * 1024;

type IntakeEnv = SubAppEnv & { Variables: { source: IntakeSourceRow } };

/** Only a valid intake token gets in; the admin session and API tokens do not apply here. */
function intakeAuth(deps: Deps): MiddlewareHandler<IntakeEnv> {
  return async (c, next) => {
    const [scheme, token] = (c.req.header("authorization") ?? "").split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token)
      throw new UnauthorizedError("Send the source's intake token as Authorization: Bearer <token>");
    const source = await authenticateSource(deps, token);
    if (!source) throw new UnauthorizedError("The intake token is unknown or revoked");
    c.set("source", source);
    return next();
  };
}

function receiver<T>(deps: Deps, kind: IntakeSourceRow["kind"], schema: ZodType<T>, normalize: (p: T) => NormalizedAlert[]) {
  return async (c: Context<IntakeEnv>) => {
    const source = c.get("source");
    if (source.kind !== kind)
      throw new AppError("unprocessable", `This token belongs to a ${source.kind} source; post to /api/intake/${source.kind}`);
    const parsed = schema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) throw new ValidationError(`The ${kind} payload is invalid`, zodDetails(parsed.error.issues));
    const result = await ingestAlerts(deps, source, normalize(parsed.data));
    await touchSource(deps, source);
    return c.json(result, 200);
  };
}

/** Alert receivers at /api/intake/*: Alertmanager v4, Grafana alerting and Clarion's generic JSON. */
export function createIntakeApi(deps: Deps): Hono<IntakeEnv> {
  const app = createSubApp<IntakeEnv>(deps, {
    basePath: "/api/intake",
    maxBodyBytes: INTAKE_BODY_LIMIT,
    tooLarge: `The payload is larger than ${INTAKE_BODY_LIMIT / 1024 / 1024} MiB`,
    notFound: (method, path) => `No intake route for ${method} ${path}`,
  });
  app.use(intakeAuth(deps));
  app.use(jsonBodyGuard);
  app.post("/alertmanager", receiver(deps, "alertmanager", AlertmanagerPayload, fromAlertmanager));
  app.post("/grafana", receiver(deps, "grafana", GrafanaPayload, fromGrafana));
  app.post("/generic", receiver(deps, "generic", GenericPayload, fromGeneric));
  return app;
}
