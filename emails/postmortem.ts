import { t as english, type Translator } from "../src/i18n/index.ts";
import { markdownToText, renderMarkdown } from "../src/lib/markdown.ts";
import { type EmailBrand, link, type NotificationLinks, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface PostmortemEmailProps {
  pageName: string;
  incidentTitle: string;
  incidentUrl: string;
  /** Markdown, already projected for this reader. */
  body: string;
  links: NotificationLinks;
  brand?: EmailBrand;
  t?: Translator;
}

/** The published review of an incident. */
export function renderPostmortemEmail(p: PostmortemEmailProps): RenderedEmail {
  const t = p.t ?? english;
  return renderLayout({
    subject: `[${p.pageName}] ${t("email.postmortemTitle", { title: p.incidentTitle })}`,
    pageName: p.pageName,
    brand: p.brand,
    preheader: t("email.postmortemPreheader", { title: p.incidentTitle }),
    heading: t("email.postmortemTitle", { title: p.incidentTitle }),
    bodyHtml: `<div style="margin:0 0 16px">${renderMarkdown(p.body)}</div><p style="margin:0 0 16px">${link(p.incidentUrl, t("email.readOnPage"), p.brand?.color)}</p>`,
    bodyText: `${markdownToText(p.body)}\n\n${t("email.readOnPage")}: ${p.incidentUrl}`,
    links: p.links,
    reason: t("email.reasonSubscribed", { page: p.pageName }),
    t,
  });
}
