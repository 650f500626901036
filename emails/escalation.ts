import { button, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface EscalationEmailProps {
  pageName: string;
  title: string;
  level: number;
  /** "critical alert" or "P1 incident". */
  what: string;
  ackUrl: string;
  consoleUrl: string;
}

/** To an on-call contact: something needs a person now; one click acknowledges it. */
export function renderEscalationEmail(p: EscalationEmailProps): RenderedEmail {
  const lead = `A ${p.what} needs a person: “${p.title}”.${p.level > 1 ? ` It was not acknowledged at level ${p.level - 1}, so it now comes to you (level ${p.level}).` : ""}`;
  return renderLayout({
    subject: `[${p.what}] ${p.title}`,
    pageName: p.pageName,
    preheader: "Acknowledge it so the next level is not paged.",
    heading: "You are being paged",
    bodyHtml: `${paragraph(lead)}${button(p.ackUrl, "Acknowledge")}${paragraph(`Or open it in the console: ${p.consoleUrl}`)}`,
    bodyText: `${lead}\n\nAcknowledge: ${p.ackUrl}\nConsole: ${p.consoleUrl}`,
    reason: "You receive this because you are an on-call contact in Clarion.",
  });
}
