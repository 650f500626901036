import { describe, expect, it } from "vitest";
import { returnPath, switcherLink } from "../../src/i18n/links.ts";
import { fromAcceptLanguage, langCookie, negotiateLocale, type PageLanguages } from "../../src/i18n/negotiate.ts";
import { languageRedirect, namesLanguage, negotiatedRedirect, negotiates } from "../../src/server/cache-language.ts";
import { matchPublicRoute, normalizeQuery } from "../../src/server/cache-routes.ts";

const all: PageLanguages = { defaultLanguage: "en", offered: ["en", "de", "fr", "es", "pt-BR", "ja", "ar"] };
const some: PageLanguages = { defaultLanguage: "de", offered: ["en", "de", "ja"] };
const url = (s: string) => new URL(s, "http://status.test");

describe("Accept-Language", () => {
  it("takes the best offered language by q, then the primary subtag", () => {
    expect(fromAcceptLanguage("fr-CH, fr;q=0.9, en;q=0.8", all)).toBe("fr");
    expect(fromAcceptLanguage("en;q=0.5, ja;q=0.9", all)).toBe("ja");
    expect(fromAcceptLanguage("pt-PT", all)).toBe("pt-BR");
    expect(fromAcceptLanguage("pt-br", all)).toBe("pt-BR");
    expect(fromAcceptLanguage("ar-EG,ar;q=0.9", all)).toBe("ar");
  });

  it("skips languages the page does not offer, and q=0", () => {
    expect(fromAcceptLanguage("fr, es;q=0.8", some)).toBeUndefined();
    expect(fromAcceptLanguage("fr, ja;q=0.1", some)).toBe("ja");
    expect(fromAcceptLanguage("ja;q=0, en;q=0.2", some)).toBe("en");
    expect(fromAcceptLanguage("*", some)).toBe("de");
    expect(fromAcceptLanguage("", some)).toBeUndefined();
    expect(fromAcceptLanguage("garbage;;;q=x", some)).toBeUndefined();
  });
});

describe("negotiateLocale", () => {
  it("prefers ?lang=, then the cookie, then Accept-Language, then the default", () => {
    const headers = { cookie: "a=1; clarion_lang=ja", acceptLanguage: "en" };
    expect(negotiateLocale(url("/?lang=en"), headers, some)).toBe("en");
    expect(negotiateLocale(url("/"), headers, some)).toBe("ja");
    expect(negotiateLocale(url("/"), { acceptLanguage: "en-GB" }, some)).toBe("en");
    expect(negotiateLocale(url("/"), {}, some)).toBe("de");
  });

  it("ignores a ?lang= or cookie naming a language the page does not offer", () => {
    expect(negotiateLocale(url("/?lang=fr"), {}, some)).toBe("de");
    expect(negotiateLocale(url("/?lang=<script>"), {}, some)).toBe("de");
    expect(langCookie("clarion_lang=fr", some)).toBeUndefined();
    expect(langCookie("xclarion_lang=ja", some)).toBeUndefined();
  });
});

describe("switcher links", () => {
  it("go through /lang and come back to the same page and query with ?lang=", () => {
    expect(switcherLink("de", url("/history?page=2026-03&lang=fr"))).toBe("/lang?to=de&next=%2Fhistory%3Fpage%3D2026-03");
    expect(returnPath("/history?page=2026-03", "de")).toBe("/history?page=2026-03&lang=de");
  });

  it("never send the reader to another site", () => {
    expect(returnPath("//evil.test/x", "de")).toBe("/?lang=de");
    expect(returnPath("https://evil.test/", "de")).toBe("/?lang=de");
    expect(returnPath("/\\evil.test", "de")).toBe("/?lang=de");
    expect(returnPath(null, "ja")).toBe("/?lang=ja");
  });
});

describe("cache and language", () => {
  it("keeps a shipped ?lang= in the key and drops anything else", () => {
    const home = matchPublicRoute("/");
    if (!home) throw new Error("/ is public");
    expect(normalizeQuery(home, "?lang=de&utm_source=x")).toBe("?lang=de");
    expect(normalizeQuery(home, "?lang=xx")).toBe("");
    const history = matchPublicRoute("/history");
    if (!history) throw new Error("/history is public");
    expect(normalizeQuery(history, "?lang=ja&page=2026-03")).toBe("?lang=ja&page=2026-03");
  });

  it("/api/v2 never negotiates; ?lang= (translated bodies) is its own cache entry", () => {
    const summary = matchPublicRoute("/api/v2/summary.json");
    if (!summary) throw new Error("summary is public");
    expect(normalizeQuery(summary, "?lang=de")).toBe("?lang=de");
    expect(normalizeQuery(summary, "?lang=xx")).toBe("");
    expect(negotiates(summary, "", all)).toBe(false);
  });

  it("a bare page URL negotiates; one naming its language does not", () => {
    const home = matchPublicRoute("/");
    if (!home) throw new Error("/ is public");
    expect(negotiates(home, "", all)).toBe(true);
    expect(negotiates(home, "?lang=de", all)).toBe(false);
    expect(negotiates(home, "", { defaultLanguage: "en", offered: ["en"] })).toBe(false);
    expect(namesLanguage("?component=abc&lang=de")).toBe(true);
  });

  it("redirects only readers who want another offered language", () => {
    expect(negotiatedRedirect(null, "de-DE,de;q=0.9", all)).toBe("de");
    expect(negotiatedRedirect(null, "en-US", all)).toBeUndefined();
    expect(negotiatedRedirect("clarion_lang=ar", "en-US", all)).toBe("ar");
    expect(negotiatedRedirect(null, "fr", some)).toBeUndefined();
    const res = languageRedirect("/history", "?page=2026-03", "de");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/history?page=2026-03&lang=de");
    expect(res.headers.get("vary")).toBe("Accept-Language, Cookie");
  });
});
