import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { at, createdAt, id } from "./columns.ts";

/** A stakeholder group. `public` and `internal` always exist (kind = builtin). */
export const audience = sqliteTable(
  "audience",
  {
    id: id(),
    slug: text().notNull(),
    name: text().notNull(),
    description: text(),
    kind: text({ enum: ["builtin", "custom"] })
      .notNull()
      .default("custom"),
    /** Email-domain rules such as ["acme.com"]: anyone proving such an address is a member. */
    domains: text({ mode: "json" }).$type<string[]>().notNull().default([]),
    /** When someone is in several audiences, the variant of the lowest precedence wins. */
    precedence: integer().notNull().default(100),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex("audience_slug_uq").on(t.slug)],
);

/** Slugs of deleted audiences: never given out again, so stored variants and visibilities cannot pass to a newcomer. */
export const retiredAudienceSlug = sqliteTable("retired_audience_slug", {
  slug: text().primaryKey().notNull(),
  retiredAt: createdAt(),
});

/** A one-time magic link proving an email address, for private audience views. */
export const viewerLink = sqliteTable(
  "viewer_link",
  {
    id: id(),
    email: text().notNull(),
    secretHash: blob({ mode: "buffer" }).notNull(),
    createdAt: createdAt(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    usedAt: at(),
  },
  (t) => [index("viewer_link_email_idx").on(t.email)],
);

/** A verified audience viewer's session (cookie `<id>.<secret>`). */
export const viewerSession = sqliteTable("viewer_session", {
  id: id(),
  email: text().notNull(),
  secretHash: blob({ mode: "buffer" }).notNull(),
  createdAt: createdAt(),
  expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
});
