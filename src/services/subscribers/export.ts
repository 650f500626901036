import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { csvCell } from "./csv.ts";
import { subscriberPage } from "./get.ts";

/** Every subscriber as CSV (the import's columns plus state and dates), paged so memory stays flat. */
export async function exportSubscribersCsv(deps: Pick<Deps, "db">, ctx: ServiceContext): Promise<string> {
  authorize(ctx, "subscriber.manage");
  const lines = ["id,channel,email,url,state,components,groups,audiences,maintenance,language,consent,created_at,confirmed_at"];
  let after: string | undefined;
  for (;;) {
    const page = await subscriberPage(deps, ctx, { after, limit: 1000 });
    for (const s of page.subscribers) {
      lines.push(
        [
          s.id,
          s.channel,
          s.email,
          s.url,
          s.state,
          s.components.join(";"),
          s.groups.join(";"),
          s.audiences.join(";"),
          s.maintenance ? "yes" : "no",
          s.language,
          s.consent,
          s.createdAt,
          s.confirmedAt,
        ]
          .map(csvCell)
          .join(","),
      );
    }
    if (!page.next) return `${lines.join("\r\n")}\r\n`;
    after = page.next;
  }
}
