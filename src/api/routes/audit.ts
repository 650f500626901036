import { Hono } from "hono";
import { listAuditEvents } from "../../services/audit/list-events.ts";
import { AuditQuery } from "../../services/team/schemas.ts";
import type { ApiEnv } from "../app.ts";
import { authorize } from "../middleware/auth.ts";
import { responds } from "../responds.ts";
import { AuditLog } from "../responses/team.ts";
import { valid } from "../validate.ts";

/** `GET /api/admin/audit?action=&resourceType=&resourceId=&actorId=&before=&limit=` */
export const auditRoutes = new Hono<ApiEnv>()
  .use(authorize("audit.read"))
  .get("/", valid("query", AuditQuery), responds(200, AuditLog), async (c) =>
    c.json(await listAuditEvents(c.get("deps"), c.req.valid("query"))),
  );
