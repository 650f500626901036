import { integer, text } from "drizzle-orm/sqlite-core";

/** Shared column shapes: ids are 12-char base-36 text, times are integer milliseconds. */
export const id = () => text().primaryKey().notNull();
export const createdAt = () => integer({ mode: "timestamp_ms" }).notNull();
export const at = () => integer({ mode: "timestamp_ms" });
/** "public", "internal", or comma-separated audience slugs; NOT NULL, most restrictive by default. */
export const visibility = () => text().notNull().default("internal");
/** Translations of a row's text, keyed by language tag ({"de": "…"}); never NULL, empty when there are none. */
export const translations = () => text({ mode: "json" }).$type<Record<string, string>>().notNull().default({});
