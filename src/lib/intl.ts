/**
 * One Intl.DateTimeFormat per locale and option set, made once: constructing one costs far more
 * than formatting with it, and the public pages format hundreds of dates per render.
 */
const made = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let f = made.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    made.set(key, f);
  }
  return f;
}

const numbers = new Map<string, Intl.NumberFormat>();

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let f = numbers.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    numbers.set(key, f);
  }
  return f;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * Picks the form of a plural message ("one:# incident|other:# incidents") for `count` by the
 * locale's rules (Arabic has six forms, Japanese one) and writes the number the locale's way.
 */
export function plural(locale: string, message: string, count: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  const forms = new Map<string, string>();
  for (const part of message.split("|")) {
    const colon = part.indexOf(":");
    forms.set(part.slice(0, colon), part.slice(colon + 1));
  }
  const exact = count === 0 ? forms.get("zero") : undefined;
  const form = exact ?? forms.get(rules.select(count)) ?? forms.get("other") ?? message;
  return form.replaceAll("#", numberFormat(locale).format(count));
}

/** Minutes east of UTC in `timeZone` at `at` ("GMT+05:30" → 330): lets the page's script skip Intl when the visitor's offset is the same. */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  const name = dateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}
