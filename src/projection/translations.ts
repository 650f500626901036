import type { ProjectedIncident } from "./incidents.ts";

/** A text's translations by language tag ({"de": "…"}), stored on the row it translates. */
export type Translations = Readonly<Record<string, string>>;

/** The language a reader asked for and the language the page's texts are written in. */
export interface ReaderLanguage {
  language: string;
  defaultLanguage: string;
}

export interface ChosenText {
  text: string;
  /** The language `text` is in: the reader's, or the default when it has no translation yet. */
  language: string;
  /** The reader asked for another language and this text has not been translated into it. */
  untranslated: boolean;
}

/**
 * The one rule for which words a reader gets in their language. It only ever chooses among the
 * translations of a text the projection already picked for this viewer, so a translation has
 * exactly the visibility of the text it translates; a missing one falls back to the original.
 */
export function pickTranslation(text: string, translations: Translations | undefined, reader: ReaderLanguage): ChosenText {
  if (reader.language === reader.defaultLanguage) return { text, language: reader.defaultLanguage, untranslated: false };
  const translated = translations && Object.hasOwn(translations, reader.language) ? translations[reader.language] : undefined;
  if (translated?.trim()) return { text: translated, language: reader.language, untranslated: false };
  return { text, language: reader.defaultLanguage, untranslated: true };
}

/** Where a localized text came from, for `lang` attributes and the "not yet translated" note. */
export interface TextLanguage {
  language?: string;
  untranslated?: boolean;
}

/**
 * An incident as the projection gave it to one viewer, with every text (updates, closure summary,
 * apology, commitments, postmortem) in the reader's language where it has been translated.
 * The translations of other languages are dropped, so nothing downstream can show them by mistake.
 */
export function localizeIncident(incident: ProjectedIncident, reader: ReaderLanguage): ProjectedIncident {
  const pick = (text: string, translations: Translations | undefined) => pickTranslation(text, translations, reader);
  const updates = incident.updates.map(({ translations, ...u }) => {
    const chosen = pick(u.body, translations);
    return { ...u, body: chosen.text, language: chosen.language, untranslated: chosen.untranslated };
  });
  let closure = incident.closure;
  if (closure) {
    const { summaryTranslations, apologyTranslations, ...rest } = closure;
    const summary = pick(rest.summary, summaryTranslations);
    const apology = rest.apology === null ? null : pick(rest.apology, apologyTranslations);
    closure = {
      ...rest,
      summary: summary.text,
      apology: apology?.text ?? null,
      language: summary.language,
      untranslated: summary.untranslated,
      ...(apology ? { apologyLanguage: apology.language, apologyUntranslated: apology.untranslated } : {}),
    };
  }
  const commitments = incident.commitments.map(({ translations, ...c }) => {
    const chosen = pick(c.text, translations);
    return { ...c, text: chosen.text, language: chosen.language, untranslated: chosen.untranslated };
  });
  let postmortem = incident.postmortem;
  if (postmortem) {
    const { translations, ...rest } = postmortem;
    const chosen = pick(rest.body, translations);
    postmortem = { ...rest, body: chosen.text, language: chosen.language, untranslated: chosen.untranslated };
  }
  return { ...incident, updates, closure, commitments, postmortem };
}

/** The same for a list (a page, a feed, a history). */
export function localizeIncidents(incidents: ProjectedIncident[], reader: ReaderLanguage): ProjectedIncident[] {
  return incidents.map((i) => localizeIncident(i, reader));
}
