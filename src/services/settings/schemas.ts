import { z } from "zod";

const httpUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2000);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const UpdateSettings = z
  .strictObject({
    name: z.string().trim().min(1, "is required").max(80),
    logoUrl: httpUrl.nullable(),
    brandColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #2457d6"),
    timeZone: z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/Paris"),
    supportUrl: httpUrl.nullable(),
    footerLinks: z.array(z.strictObject({ label: z.string().trim().min(1, "is required").max(60), url: httpUrl })).max(10),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "send at least one field");
export type UpdateSettings = z.infer<typeof UpdateSettings>;

export interface PageSettings {
  pageId: string;
  name: string;
  logoUrl: string | null;
  brandColor: string;
  timeZone: string;
  supportUrl: string | null;
  footerLinks: { label: string; url: string }[];
  updatedAt: string;
}

/** The console's settings form as the API's JSON input: one footer link per line, "label | url". */
export function settingsInputFromForm(form: Record<string, string | string[]>): Record<string, unknown> {
  const get = (k: string) => {
    const v = form[k];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  const footerLinks = get("footerLinks")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [label = "", url = ""] = line.split("|").map((x) => x.trim());
      return { label, url };
    });
  return {
    name: get("name"),
    logoUrl: get("logoUrl").trim() || null,
    brandColor: get("brandColor").trim(),
    timeZone: get("timeZone").trim(),
    supportUrl: get("supportUrl").trim() || null,
    footerLinks,
  };
}
