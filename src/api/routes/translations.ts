import { Hono } from "hono";
import { listTranslations } from "../../services/translations/list.ts";
import { removeTranslation } from "../../services/translations/remove.ts";
import { RemoveTranslation, SetTranslation } from "../../services/translations/schemas.ts";
import { setTranslation } from "../../services/translations/set.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { responds } from "../responds.ts";
import { IncidentTranslations, TranslationRemoved, TranslationSaved } from "../responses/translations.ts";
import { valid } from "../validate.ts";

/** An incident's texts in the page's other languages: list what is missing, add or replace one, remove one. */
export const translationRoutes = new Hono<ApiEnv>()
  .get("/:id/translations", authorize("console.read"), valid("param", IdParam), responds(200, IncidentTranslations), async (c) =>
    c.json(await listTranslations(c.get("deps"), serviceContext(c), c.req.valid("param").id)),
  )
  .put(
    "/:id/translations",
    authorize("incident.write"),
    valid("param", IdParam),
    valid("json", SetTranslation),
    responds(200, TranslationSaved),
    async (c) => c.json(await setTranslation(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .delete(
    "/:id/translations",
    authorize("incident.write"),
    valid("param", IdParam),
    valid("json", RemoveTranslation),
    responds(200, TranslationRemoved),
    async (c) => c.json(await removeTranslation(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  );
