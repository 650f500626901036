import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { component, incident } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { ValidationError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import { requireTemplate } from "../templates/list.ts";
import { renderTemplate, renderTemplateText } from "../templates/render.ts";
import { insertUpdate } from "../updates/write.ts";
import { enqueueDrillMail } from "./drill-mail.ts";
import {
  assertMayPublishRestricted,
  checkComponents,
  checkFuture,
  checkOwner,
  checkVariants,
  isRestricted,
  storedVisibility,
} from "./rules.ts";
import type { CreateIncident } from "./schemas.ts";

export interface CreatedIncident {
  id: string;
  updateId: string;
  notificationId: string | null;
}

/** Opens an incident with its first update, in one transaction with its audit row and outbox row. */
export async function createIncident(
  deps: Pick<Deps, "db" | "clock"> & Partial<Pick<Deps, "env">>,
  ctx: ServiceContext,
  input: Omit<CreateIncident, "drill"> & { drill?: boolean },
): Promise<CreatedIncident> {
  authorize(ctx, "incident.write");
  const now = deps.clock.now();
  const startedAt = input.startedAt ?? now;
  if (startedAt.getTime() > now.getTime() + 60_000)
    throw new ValidationError("startedAt is in the future", [{ path: "startedAt", message: "must not be in the future" }]);
  checkFuture(now, input.nextUpdateBy, "nextUpdateBy");
  return deps.db.transaction(async (tx) => {
    const visibility = await storedVisibility(tx, input.visibility);
    if (input.drill && visibility !== "internal")
      throw new ValidationError("A drill is for the team only", [
        { path: "visibility", message: "a drill is seen by the team only: leave the visibility internal" },
      ]);
    if (isRestricted(visibility)) assertMayPublishRestricted(ctx, "restricted visibility");
    if (input.variants.length) assertMayPublishRestricted(ctx, "audience variants");
    await checkVariants(tx, visibility, input.variants);
    await checkComponents(tx, visibility, input.components);
    await checkOwner(tx, input.ownerId);
    const { title, body } = await fromTemplate(tx, input, startedAt);
    const id = newId();
    const resolved = input.status === "resolved";
    await tx.insert(incident).values({
      id,
      kind: "incident",
      title,
      impact: input.impact,
      status: input.status,
      visibility,
      category: input.category ?? null,
      priority: input.priority ?? null,
      ownerId: input.ownerId ?? memberIdOf(ctx.actor),
      startedAt,
      draft: input.draft,
      drill: input.drill ?? false,
      resolvedAt: resolved ? now : null,
      nextUpdateBy: resolved ? null : (input.nextUpdateBy ?? null),
      createdAt: now,
      updatedAt: now,
    });
    const updateId = await insertUpdate(tx, deps.clock, {
      incidentId: id,
      status: input.status,
      body,
      variants: input.variants,
      internalNote: input.internalNote,
      components: input.components,
      nextUpdateBy: input.nextUpdateBy,
      notify: input.notify,
      authorId: memberIdOf(ctx.actor),
    });
    if (input.notify && !input.draft && input.drill) await enqueueDrillMail(tx, deps, { id, title }, { status: input.status, body });
    const notificationId =
      input.notify && !input.draft && !input.drill
        ? await enqueueNotification(tx, deps.clock, { kind: "incident.created", incidentId: id, updateId })
        : null;
    await recordAudit(tx, deps.clock, ctx, {
      action: "incident.create",
      resourceType: "incident",
      resourceId: id,
      after: {
        title,
        impact: input.impact,
        status: input.status,
        visibility,
        updateId,
        variants: input.variants.map((v) => v.audience),
        notify: input.notify,
        draft: input.draft,
        drill: input.drill ?? false,
      },
    });
    await bumpContentVersion(tx, deps.clock);
    return { id, updateId, notificationId };
  });
}

async function fromTemplate(tx: DbOrTx, input: Omit<CreateIncident, "drill">, startedAt: Date) {
  if (!input.templateId) return { title: input.title as string, body: input.body as string };
  const t = await requireTemplate(tx, input.templateId, "update", "templateId");
  const names = input.components.length
    ? (
        await tx
          .select({ name: component.name })
          .from(component)
          .where(
            inArray(
              component.id,
              input.components.map((c) => c.id),
            ),
          )
      ).map((c) => c.name)
    : [];
  const values = {
    title: input.title ?? "",
    component: names[0] ?? "",
    components: names.join(", "),
    started_at: startedAt.toISOString(),
    status: input.status,
    impact: input.impact,
  };
  const title = input.title ?? renderTemplateText(t.title ?? t.name, values);
  return { title, body: input.body ?? renderTemplate(t.body, { ...values, title }) };
}
