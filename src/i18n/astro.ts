import { t as english, type Translator } from "./index.ts";

/** The reader's translator for a page or component (set by src/middleware.ts); English where no middleware ran. */
export function translatorOf(astro: { locals: Partial<App.Locals> }): Translator {
  return astro.locals.t ?? english;
}
