import { localizeIncidents, type ProjectedIncident, type ReaderLanguage } from "../../projection/index.ts";
import type { PageSettings } from "../settings/schemas.ts";

/** The reader's language for content: the one asked for when the page offers it, else the default (the texts as written). */
export function readerLanguage(
  settings: Pick<PageSettings, "defaultLanguage" | "languages">,
  language: string | null | undefined,
): ReaderLanguage {
  const offered = language && (settings.languages as readonly string[]).includes(language);
  return { language: offered ? language : settings.defaultLanguage, defaultLanguage: settings.defaultLanguage };
}

/** Incidents as the projection gave them, their texts in the reader's language where translated. */
export function inReaderLanguage(
  settings: Pick<PageSettings, "defaultLanguage" | "languages">,
  language: string | null | undefined,
  incidents: ProjectedIncident[],
): ProjectedIncident[] {
  return localizeIncidents(incidents, readerLanguage(settings, language));
}
