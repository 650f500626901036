import type { EmailBrand } from "../../emails/components/html.ts";
import type { Env } from "../env.ts";
import { absoluteLogoUrl, baseUrl } from "../lib/urls.ts";

export interface BrandSettings {
  name: string;
  logoUrl: string | null;
  brandColor: string;
  supportUrl: string | null;
}

/** What every email to a subscriber shows of the page: its name, logo and colour, each link absolute. */
export function emailBrand(env: Pick<Env, "PUBLIC_URL" | "HOST" | "PORT">, s: BrandSettings): EmailBrand {
  return {
    pageName: s.name,
    pageUrl: baseUrl(env),
    logoUrl: absoluteLogoUrl(env, s.logoUrl),
    color: s.brandColor,
    supportUrl: s.supportUrl,
  };
}
