import type { TextLanguage, Translations } from "./translations.ts";
import type { Viewer } from "./viewer.ts";
import { pickMessage, type StoredMessage } from "./visibility.ts";

/** Which timeline steps carry an incident's closure: the summary's step and, optionally, the apology's. */
export interface ClosureLink {
  updateId: string;
  apologyUpdateId: string | null;
}

export interface ProjectedClosure extends TextLanguage {
  summary: string;
  apology: string | null;
  /** The translations of the summary and apology this viewer gets (dropped once localized). */
  summaryTranslations?: Translations;
  apologyTranslations?: Translations;
  /** The apology's own language once localized (the summary's is `language`). */
  apologyLanguage?: string;
  apologyUntranslated?: boolean;
}

const CLOSED = ["resolved", "postmortem"];

/**
 * The closure a viewer sees, read from the timeline through pickMessage: none while the incident
 * is reopened or once its closure step is retracted; the apology only while its own step stands.
 * `live` holds the messages of the steps that are not retracted.
 */
export function projectClosure(
  viewer: Viewer,
  incidentStatus: string,
  link: ClosureLink | undefined,
  live: ReadonlyMap<string, readonly StoredMessage[]>,
): ProjectedClosure | null {
  if (!link || !CLOSED.includes(incidentStatus)) return null;
  const summary = live.has(link.updateId) ? pickMessage(viewer, live.get(link.updateId) ?? []) : null;
  if (!summary) return null;
  const apology = link.apologyUpdateId ? pickMessage(viewer, live.get(link.apologyUpdateId) ?? []) : null;
  return {
    summary: summary.body,
    apology: apology?.body ?? null,
    ...(summary.translations ? { summaryTranslations: summary.translations } : {}),
    ...(apology?.translations ? { apologyTranslations: apology.translations } : {}),
  };
}
