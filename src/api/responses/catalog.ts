import { z } from "zod";
import { LOCALES } from "../../i18n/locales.ts";
import { COMPONENT_STATUSES } from "../../services/components/schemas.ts";
import { Instant, Visibility } from "./common.ts";

const Status = z.enum(COMPONENT_STATUSES);

/** Components, groups, audiences, templates and the page's settings as the admin API answers them. */
export const Component = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    groupId: z.string().nullable(),
    position: z.number().int(),
    status: Status.describe("the status set on the component itself"),
    visibility: Visibility,
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: "Component" });

export const ComponentList = z.object({
  components: z.array(
    Component.extend({ currentStatus: Status.describe("the worst hold the team sees (incidents, maintenance, the component)") }),
  ),
});

export const ComponentGroup = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    position: z.number().int(),
    visibility: Visibility,
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: "ComponentGroup" });
export const ComponentGroupList = z.object({ groups: z.array(ComponentGroup) });

export const Audience = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    kind: z.enum(["builtin", "custom"]),
    domains: z.array(z.string()),
    precedence: z.number().int(),
    explicitMembers: z.number().int(),
  })
  .meta({ id: "Audience" });
export const AudienceList = z.object({ audiences: z.array(Audience) });
export const AudienceMember = z.object({ audience: z.string(), subscriberId: z.string() });

export const Template = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(["update", "apology", "closure"]),
    status: z.string().nullable(),
    title: z.string().nullable(),
    body: z.string(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: "Template" });
export const TemplateList = z.object({ templates: z.array(Template) });

export const Settings = z
  .object({
    pageId: z.string(),
    name: z.string(),
    logoUrl: z.string().nullable(),
    brandColor: z.string(),
    timeZone: z.string(),
    supportUrl: z.string().nullable(),
    footerLinks: z.array(z.object({ label: z.string(), url: z.string() })),
    collapseGroupsAbove: z.number().int(),
    theme: z.enum(["auto", "light", "dark"]),
    customCss: z.string(),
    showPoweredBy: z.boolean(),
    defaultLanguage: z
      .enum(LOCALES)
      .meta({ description: "What readers get when they ask for no offered language; /api/v2 always uses it" }),
    languages: z.array(z.enum(LOCALES)).meta({ description: "The languages the public page offers (its switcher)" }),
    updatedAt: Instant,
  })
  .meta({ id: "Settings" });
