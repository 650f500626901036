import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { at, createdAt, id, visibility } from "./columns.ts";

export const COMPONENT_STATUSES = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** The status page's own settings: one row, id 1. */
export const pageSettings = sqliteTable(
  "page_settings",
  {
    id: integer().primaryKey(),
    /** The page's public id in /api/v2 (12-char base-36), set once by ensurePageSettings. */
    pageId: text().notNull().default(""),
    name: text().notNull().default("Status"),
    logoUrl: text(),
    brandColor: text().notNull().default("#2457d6"),
    timeZone: text().notNull().default("UTC"),
    supportUrl: text(),
    footerLinks: text({ mode: "json" }).$type<{ label: string; url: string }[]>().notNull().default([]),
    /** Groups start collapsed when the page shows more components than this (a group with a problem stays open). */
    collapseGroupsAbove: integer().notNull().default(10),
    theme: text({ enum: ["auto", "light", "dark"] })
      .notNull()
      .default("auto"),
    /** Owner-written CSS, served as /custom.css (a stylesheet, never inline). */
    customCss: text().notNull().default(""),
    showPoweredBy: integer({ mode: "boolean" }).notNull().default(true),
    /** The language a reader gets when neither their choice nor their browser names an offered one. */
    defaultLanguage: text().notNull().default("en"),
    /** The languages the switcher offers (BCP 47 tags from src/i18n/locales.ts); always includes the default. */
    languages: text({ mode: "json" }).$type<string[]>().notNull().default(["en", "de", "fr", "es", "pt-BR", "ja", "ar"]),
    updatedAt: createdAt(),
  },
  // theme has no CHECK: adding one makes drizzle-kit rebuild the table; UpdateSettings guards the values.
  (t) => [check("page_settings_single_ck", sql`${t.id} = 1`)],
);

export const componentGroup = sqliteTable(
  "component_group",
  {
    id: id(),
    name: text().notNull(),
    description: text(),
    position: integer().notNull().default(0),
    visibility: visibility(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    deletedAt: at(),
  },
  (t) => [check("component_group_visibility_ck", sql`${t.visibility} <> ''`)],
);

export const component = sqliteTable(
  "component",
  {
    id: id(),
    groupId: text().references(() => componentGroup.id, { onDelete: "set null" }),
    name: text().notNull(),
    description: text(),
    position: integer().notNull().default(0),
    status: text({ enum: COMPONENT_STATUSES }).notNull().default("operational"),
    visibility: visibility(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    deletedAt: at(),
  },
  (t) => [
    index("component_group_idx").on(t.groupId),
    check("component_visibility_ck", sql`${t.visibility} <> ''`),
    check(
      "component_status_ck",
      sql`${t.status} IN ('operational','degraded_performance','partial_outage','major_outage','under_maintenance')`,
    ),
  ],
);

/** Every change of a component's status, for history bars and uptime. */
export const componentStatusChange = sqliteTable(
  "component_status_change",
  {
    id: id(),
    componentId: text()
      .notNull()
      .references(() => component.id, { onDelete: "cascade" }),
    status: text({ enum: COMPONENT_STATUSES }).notNull(),
    previousStatus: text({ enum: COMPONENT_STATUSES }),
    incidentId: text(),
    at: createdAt(),
  },
  (t) => [index("component_status_change_component_at_idx").on(t.componentId, t.at)],
);
