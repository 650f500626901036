import { type Translator, translator } from "./index.ts";
import { negotiateLocale, type PageLanguages } from "./negotiate.ts";

/** The translator for one public request: ?lang=, else the cookie, else Accept-Language, else the default. */
export function translatorFor(request: Request, url: URL, languages: PageLanguages): Translator {
  const locale = negotiateLocale(
    url,
    { cookie: request.headers.get("cookie"), acceptLanguage: request.headers.get("accept-language") },
    languages,
  );
  return translator(locale);
}
