import { Hono } from "hono";
import { getSettings } from "../../services/settings/get.ts";
import { UpdateSettings } from "../../services/settings/schemas.ts";
import { updateSettings } from "../../services/settings/update.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { responds } from "../responds.ts";
import { Settings } from "../responses/catalog.ts";
import { valid } from "../validate.ts";

/** The page's settings: name, logo, brand colour, time zone, support URL, footer links. */
export const settingsRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), responds(200, Settings), async (c) => c.json(await getSettings(c.get("deps"))))
  .patch("/", authorize("settings.write"), valid("json", UpdateSettings), responds(200, Settings), async (c) =>
    c.json(await updateSettings(c.get("deps"), serviceContext(c), c.req.valid("json"))),
  );
