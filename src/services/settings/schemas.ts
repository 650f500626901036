import { z } from "zod";
import { LOCALES, type Locale } from "../../i18n/locales.ts";

const httpUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2000);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const PAGE_THEMES = ["auto", "light", "dark"] as const;
export type PageTheme = (typeof PAGE_THEMES)[number];
/** Custom CSS is a stylesheet on every public page: small enough not to undo the page's size budget. */
export const CUSTOM_CSS_MAX = 20_000;

export const UpdateSettings = z
  .strictObject({
    name: z.string().trim().min(1, "is required").max(80),
    logoUrl: httpUrl.nullable(),
    brandColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #2457d6"),
    timeZone: z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/Paris"),
    supportUrl: httpUrl.nullable(),
    footerLinks: z.array(z.strictObject({ label: z.string().trim().min(1, "is required").max(60), url: httpUrl })).max(10),
    collapseGroupsAbove: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").max(1000),
    theme: z.enum(PAGE_THEMES, "must be auto, light or dark"),
    customCss: z.string().max(CUSTOM_CSS_MAX, `must be at most ${CUSTOM_CSS_MAX / 1000} KB`),
    showPoweredBy: z.boolean(),
    defaultLanguage: z.enum(LOCALES, { message: `must be one of ${LOCALES.join(", ")}` }),
    languages: z
      .array(z.enum(LOCALES, { message: `must be one of ${LOCALES.join(", ")}` }))
      .min(1, "offer at least one language")
      .transform((list) => LOCALES.filter((l) => list.includes(l))),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "send at least one field")
  .refine((v) => !v.defaultLanguage || !v.languages || v.languages.includes(v.defaultLanguage), {
    message: "the default language must be one of the offered languages",
    path: ["defaultLanguage"],
  });
export type UpdateSettings = z.infer<typeof UpdateSettings>;

export interface PageSettings {
  pageId: string;
  name: string;
  logoUrl: string | null;
  brandColor: string;
  timeZone: string;
  supportUrl: string | null;
  footerLinks: { label: string; url: string }[];
  collapseGroupsAbove: number;
  theme: PageTheme;
  customCss: string;
  showPoweredBy: boolean;
  defaultLanguage: Locale;
  /** Offered languages in LOCALES order; always includes defaultLanguage. */
  languages: Locale[];
  updatedAt: string;
}
