import { button, formatTime, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface OverdueReminderEmailProps {
  pageName: string;
  incidentTitle: string;
  consoleUrl: string;
  dueAt: Date;
  timeZone?: string;
}

/** To the incident's owner: the promised next update is overdue. */
export function renderOverdueReminderEmail(p: OverdueReminderEmailProps): RenderedEmail {
  const due = formatTime(p.dueAt, p.timeZone);
  return renderLayout({
    subject: `Update overdue: ${p.incidentTitle}`,
    pageName: p.pageName,
    preheader: `The next update was promised by ${due}.`,
    heading: "An update is overdue",
    bodyHtml: `${paragraph(`Subscribers were promised the next update on “${p.incidentTitle}” by ${due}. Post one, even if nothing changed.`)}${button(p.consoleUrl, "Post an update")}`,
    bodyText: `Subscribers were promised the next update on "${p.incidentTitle}" by ${due}. Post one, even if nothing changed.\n\n${p.consoleUrl}`,
    reason: "You receive this because you own this incident in the Clarion console.",
  });
}
