import { markdownToText } from "../src/lib/markdown.ts";
import { button, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface DrillUpdateEmailProps {
  pageName: string;
  incidentTitle: string;
  /** The step's status in words ("Investigating", "Resolved"). */
  status: string;
  /** The text subscribers would have read (plain text; markdown is left as typed). */
  body: string;
  consoleUrl: string;
}

/** To every active team member: a drill step, the words subscribers would get if this were real. */
export function renderDrillUpdateEmail(p: DrillUpdateEmailProps): RenderedEmail {
  return renderLayout({
    subject: `[Drill] ${p.incidentTitle}: ${p.status}`,
    pageName: p.pageName,
    preheader: "A practice incident: only the team receives this.",
    heading: `Drill: ${p.incidentTitle}`,
    bodyHtml: `${paragraph("This is a drill, a practice incident. Subscribers were not told; this is what they would have read.")}${paragraph(`${p.status}: ${markdownToText(p.body)}`)}${button(p.consoleUrl, "Open the drill")}`,
    bodyText: `This is a drill, a practice incident. Subscribers were not told; this is what they would have read.\n\n${p.status}: ${markdownToText(p.body)}\n\n${p.consoleUrl}`,
    reason: "You receive this because you are on the team in the Clarion console.",
  });
}
