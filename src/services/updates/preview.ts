import { inArray } from "drizzle-orm";
import { component } from "../../../db/schema/index.ts";
import { renderIncidentUpdateEmail } from "../../../emails/index.ts";
import type { Deps } from "../../deps.ts";
import { renderMarkdown } from "../../lib/markdown.ts";
import { incidentUrl } from "../../notify/links.ts";
import { audienceViewer, canSee, pickMessage } from "../../projection/index.ts";
import { requireIncident } from "../incidents/load.ts";
import { checkComponents, checkVariants } from "../incidents/rules.ts";
import { pageBrand } from "../settings/email-brand.ts";
import { previewStatuses, type StatusView } from "../status/preview.ts";
import { countRecipients, type RecipientCounts } from "./recipients.ts";
import type { PostUpdate } from "./schemas.ts";
import { linkedComponents } from "./write.ts";

export interface AudiencePreview {
  audience: string;
  /** "variant" when this audience gets its own words, else "public". */
  source: "public" | "variant";
  html: string;
  email: { subject: string; html: string; text: string };
  recipients: RecipientCounts[string];
  total: number;
}

/**
 * What each audience would see and how many subscribers per channel would be told, for a
 * draft that is not saved. Rows: public (when the incident is public) and every custom audience
 * that has a variant or is named by the incident's visibility.
 */
export async function previewUpdate(
  deps: Pick<Deps, "db" | "clock" | "env">,
  incidentId: string,
  draft: PostUpdate,
): Promise<{ incidentId: string; visibility: string; audiences: AudiencePreview[]; statuses: StatusView[] }> {
  const inc = await requireIncident(deps.db, incidentId);
  await checkVariants(deps.db, inc.visibility, draft.variants);
  await checkComponents(deps.db, inc.visibility, draft.components);
  const named = inc.visibility === "public" || inc.visibility === "internal" ? [] : inc.visibility.split(",");
  const customRows = [...new Set([...draft.variants.map((v) => v.audience), ...named])].sort();
  const rows = [...(inc.visibility === "public" ? ["public"] : []), ...customRows];
  const linked = await linkedComponents(deps.db, incidentId);
  const affected = [...new Set([...linked.map((c) => c.id), ...draft.components.map((c) => c.id)])];
  const counts = await countRecipients(deps.db, { incidentId, visibility: inc.visibility, componentIds: affected, rows });
  const names = affected.length ? await deps.db.select().from(component).where(inArray(component.id, affected)) : [];
  const messages = [
    { kind: "public" as const, audienceSlug: null, body: draft.body },
    ...draft.variants.map((v) => ({ kind: "variant" as const, audienceSlug: v.audience, body: v.body })),
  ];
  const { brand } = await pageBrand(deps.db, deps.env);
  const audiences = rows.map((slug): AudiencePreview => {
    const viewer = slug === "public" ? audienceViewer("", []) : audienceViewer("preview", [slug]);
    const picked = pickMessage(viewer, messages) ?? { body: draft.body, audience: null };
    const statuses = new Map([...linked, ...draft.components].map((c) => [c.id, c.status]));
    const visibleComponents = names
      .filter((c) => canSee(viewer, c.visibility))
      .map((c) => ({ name: c.name, status: statuses.get(c.id) ?? c.status }));
    const email = renderIncidentUpdateEmail({
      pageName: brand.pageName,
      brand,
      incidentTitle: inc.title,
      incidentUrl: incidentUrl(deps.env, incidentId),
      status: draft.status,
      impact: inc.impact,
      body: picked.body,
      postedAt: deps.clock.now(),
      components: visibleComponents,
      links: { manageUrl: "#manage", unsubscribeUrl: "#unsubscribe" },
    });
    const recipients = counts[slug] ?? {};
    return {
      audience: slug,
      source: picked.audience ? "variant" : "public",
      html: renderMarkdown(picked.body),
      email,
      recipients,
      total: Object.values(recipients).reduce((a, b) => a + (b ?? 0), 0),
    };
  });
  const resolving = draft.status === "resolved";
  const proposal = { incidentId, incidentVisibility: inc.visibility, changes: draft.components, resolving };
  return { incidentId, visibility: inc.visibility, audiences, statuses: await previewStatuses(deps, affected, proposal) };
}
