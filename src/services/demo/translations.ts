/** The demo's words in German, French and Arabic, so a few incidents show translated content. */
export type DemoLanguage = "de" | "fr" | "ar";

const PROBLEMS: Record<DemoLanguage, Record<string, string>> = {
  de: {
    "Elevated error rates": "erhöhte Fehlerraten",
    "Increased latency": "erhöhte Latenz",
    "Delayed processing": "verzögerte Verarbeitung",
    "Intermittent timeouts": "sporadische Zeitüberschreitungen",
    "Degraded performance": "verminderte Leistung",
    "Connectivity issues": "Verbindungsprobleme",
    "Failed requests in one region": "fehlgeschlagene Anfragen in einer Region",
    "Slow dashboard loading": "langsam ladendes Dashboard",
  },
  fr: {
    "Elevated error rates": "taux d’erreur élevés",
    "Increased latency": "latence accrue",
    "Delayed processing": "traitements retardés",
    "Intermittent timeouts": "délais d’attente dépassés par intermittence",
    "Degraded performance": "performances dégradées",
    "Connectivity issues": "problèmes de connectivité",
    "Failed requests in one region": "requêtes en échec dans une région",
    "Slow dashboard loading": "lenteurs du tableau de bord",
  },
  ar: {
    "Elevated error rates": "ارتفاع معدلات الأخطاء",
    "Increased latency": "زيادة زمن الاستجابة",
    "Delayed processing": "تأخر المعالجة",
    "Intermittent timeouts": "انتهاء مهلة الطلبات بشكل متقطع",
    "Degraded performance": "تراجع الأداء",
    "Connectivity issues": "مشكلات في الاتصال",
    "Failed requests in one region": "فشل الطلبات في إحدى المناطق",
    "Slow dashboard loading": "بطء تحميل لوحة التحكم",
  },
};

const UPDATES: Record<DemoLanguage, Record<string, string>> = {
  de: {
    investigating: "Wir untersuchen Meldungen über **{problem}** bei {component}. Das nächste Update folgt innerhalb von 30 Minuten.",
    identified:
      "Wir haben die Ursache gefunden: Eine fehlerhafte Konfiguration wurde auf einen Teil der Server ausgerollt. Eine Korrektur wird gerade eingespielt.",
    monitoring: "Die Korrektur ist eingespielt und {component} erholt sich. Wir beobachten die Lage weiter.",
    resolved: "Dieser Vorfall ist behoben. {component} läuft seit der Korrektur wieder normal. Wir entschuldigen uns für die Störung.",
    scheduled: "Wir führen eine geplante Wartung an {component} durch. Während des Zeitfensters sind kurze Unterbrechungen möglich.",
    in_progress: "Die Wartung läuft. Wir aktualisieren diesen Hinweis, sobald sie abgeschlossen ist.",
    verifying: "Die Wartungsarbeiten sind erledigt; wir prüfen gerade die Ergebnisse.",
    completed: "Die geplante Wartung ist abgeschlossen.",
  },
  fr: {
    investigating:
      "Nous enquêtons sur des signalements de **{problem}** touchant {component}. Nous publierons une mise à jour d’ici 30 minutes.",
    identified:
      "Nous avons identifié la cause : une configuration défectueuse a été déployée sur une partie de l’infrastructure. Un correctif est en cours de déploiement.",
    monitoring: "Le correctif a été déployé et {component} se rétablit. Nous surveillons la situation.",
    resolved:
      "Cet incident est résolu. {component} fonctionne normalement depuis le correctif. Nous sommes désolés pour la gêne occasionnée.",
    scheduled:
      "Nous effectuerons une maintenance planifiée sur {component}. De courtes interruptions sont possibles pendant la fenêtre de maintenance.",
    in_progress: "La maintenance est en cours. Nous mettrons cet avis à jour dès qu’elle sera terminée.",
    verifying: "Les travaux de maintenance sont terminés ; nous vérifions les résultats.",
    completed: "La maintenance planifiée est terminée.",
  },
  ar: {
    investigating: "نحقق في بلاغات عن **{problem}** تؤثر على {component}. سننشر تحديثًا خلال 30 دقيقة.",
    identified: "حددنا السبب: إعداد خاطئ طُبِّق على جزء من الخوادم. يجري الآن نشر الإصلاح.",
    monitoring: "تم نشر الإصلاح وبدأ {component} في التعافي. نحن نتابع النتائج.",
    resolved: "تم حل هذا الحادث. يعمل {component} بشكل طبيعي منذ الإصلاح. نعتذر عن الإزعاج.",
    scheduled: "سنجري صيانة مخططة على {component}. قد تحدث انقطاعات قصيرة خلال فترة الصيانة.",
    in_progress: "الصيانة جارية. سنحدّث هذا الإشعار عند اكتمالها.",
    verifying: "انتهت أعمال الصيانة ونتحقق الآن من النتائج.",
    completed: "اكتملت الصيانة المجدولة.",
  },
};

const APOLOGY: Record<DemoLanguage, string> = {
  de: "Es tut uns leid: Sie verlassen sich auf uns, und wir haben Sie enttäuscht.",
  fr: "Nous sommes désolés : vous comptez sur nous et nous vous avons déçus.",
  ar: "نحن آسفون: أنتم تعتمدون علينا وقد خذلناكم.",
};

const COMMITMENT: Record<DemoLanguage, string> = {
  de: "Eine Canary-Stufe für Konfigurations-Rollouts einführen",
  fr: "Ajouter une étape canari aux déploiements de configuration",
  ar: "إضافة مرحلة نشر تجريبية محدودة لتغييرات الإعدادات",
};

const ACME_NOTE: Record<DemoLanguage, string> = {
  de: "Für Acme Corp: Ihr dedizierter Cluster ist betroffen; Ihr Account-Team ruft Sie an.",
  fr: "Pour Acme Corp : votre cluster dédié est touché ; votre équipe de compte va vous appeler.",
  ar: "إلى Acme Corp: مجموعتكم المخصصة من الخوادم متأثرة، وسيتصل بكم فريق حسابكم.",
};

type Words = Record<string, string>;
const each = (languages: readonly DemoLanguage[], text: (l: DemoLanguage) => string | undefined): Words =>
  Object.fromEntries(languages.flatMap((l) => (text(l) ? [[l, text(l) as string]] : [])));

/** One timeline step's public text in each language (the component's name is a product name and stays). */
export function updateTranslations(languages: readonly DemoLanguage[], status: string, problem: string, component: string): Words {
  return each(languages, (l) =>
    UPDATES[l][status]?.replace("{problem}", PROBLEMS[l][problem] ?? problem).replace(/\{component\}/g, component),
  );
}

/** The Acme variant: the public words and the note for Acme, in each language. */
export function acmeTranslations(languages: readonly DemoLanguage[], publicWords: Words): Words {
  return each(languages, (l) => (publicWords[l] ? `${publicWords[l]}\n\n${ACME_NOTE[l]}` : undefined));
}

export const apologyTranslations = (languages: readonly DemoLanguage[]): Words => each(languages, (l) => APOLOGY[l]);
export const commitmentTranslations = (languages: readonly DemoLanguage[]): Words => each(languages, (l) => COMMITMENT[l]);
