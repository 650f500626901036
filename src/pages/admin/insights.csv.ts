import type { APIRoute } from "astro";
import { can } from "../../auth/permissions.ts";
import { t } from "../../i18n/console/index.ts";
import { type InsightMetric, METRICS } from "../../services/insights/aggregate.ts";
import { getInsights, toCsv } from "../../services/insights/get.ts";
import { parseWindow } from "../../services/insights/window.ts";

/** One insights table as CSV: /admin/insights.csv?metric=impact&days=90. */
export const GET: APIRoute = async ({ locals, url, redirect }) => {
  if (!locals.actor) return redirect(`/admin/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
  if (!can(locals.actor, "console.read"))
    return new Response(t("insights_csv.not_allowed"), { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const metric = url.searchParams.get("metric") ?? "";
  if (!(METRICS as readonly string[]).includes(metric))
    return new Response(t("insights_csv.unknown_metric", { metrics: METRICS.join(", ") }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const days = parseWindow(url.searchParams.get("days"));
  const insights = await getInsights(locals.deps, days);
  return new Response(toCsv(insights.tables[metric as InsightMetric]), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="clarion-${metric}-${days}d.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
