import { t as english, type Translator } from "../src/i18n/index.ts";
import { markdownToText, renderMarkdown } from "../src/lib/markdown.ts";
import { escapeHtml, type NotificationLinks, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface PostmortemEmailProps {
  pageName: string;
  incidentTitle: string;
  incidentUrl: string;
  /** Markdown, already projected for this reader. */
  body: string;
  links: NotificationLinks;
  t?: Translator;
}

/** The published review of an incident. */
export function renderPostmortemEmail(p: PostmortemEmailProps): RenderedEmail {
  const t = p.t ?? english;
  return renderLayout({
    subject: `[${p.pageName}] ${t("email.postmortemTitle", { title: p.incidentTitle })}`,
    pageName: p.pageName,
    preheader: t("email.postmortemPreheader", { title: p.incidentTitle }),
    heading: t("email.postmortemTitle", { title: p.incidentTitle }),
    bodyHtml: `<div style="margin:0 0 16px">${renderMarkdown(p.body)}</div><p style="margin:0 0 16px"><a href="${escapeHtml(p.incidentUrl)}">${escapeHtml(t("email.readOnPage"))}</a></p>`,
    bodyText: `${markdownToText(p.body)}\n\n${t("email.readOnPage")}: ${p.incidentUrl}`,
    links: p.links,
    reason: t("email.reasonSubscribed", { page: p.pageName }),
    t,
  });
}
