import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { pageSettings } from "../../../db/schema/index.ts";
import type { EmailBrand } from "../../../emails/components/html.ts";
import type { Env } from "../../env.ts";
import { senderFor } from "../../lib/mail-from.ts";
import { emailBrand } from "../../notify/brand.ts";

/** The page's look for a one-off email to a subscriber or reporter, and its sender: the page's name at MAIL_FROM's address. */
export async function pageBrand(db: DbOrTx, env: Env): Promise<{ brand: EmailBrand; from: string }> {
  const [row] = await db
    .select({
      name: pageSettings.name,
      logoUrl: pageSettings.logoUrl,
      brandColor: pageSettings.brandColor,
      supportUrl: pageSettings.supportUrl,
    })
    .from(pageSettings)
    .where(eq(pageSettings.id, 1));
  const brand = emailBrand(env, row ?? { name: "Status", logoUrl: null, brandColor: "#2457d6", supportUrl: null });
  return { brand, from: senderFor(env.MAIL_FROM, brand.pageName) };
}
