import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notification, report } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { followUpReporters } from "../../src/services/intake/follow-up.ts";
import { confirmReporterEmail } from "../../src/services/intake/report-confirm.ts";
import { submitReport } from "../../src/services/intake/submit-report.ts";
import { publishUpdate } from "../../src/services/updates/publish.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { publishIncident } from "../helpers/factories.ts";
import { callApi, seedComponent } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let responder: TestMember;
let checkout: string;
const web = (ip: string) => ({ actor: { type: "system" as const, id: null, name: "public report form" }, ip });
type Mail = { to: string; subject: string; text: string; html: string };

beforeAll(async () => {
  deps = await createTestDeps();
  responder = await createMember(deps, "responder");
  checkout = await seedComponent(deps, "Checkout");
});
afterAll(() => deps.testDb.destroy());

async function mailsTo(to: string, kind: string): Promise<Mail[]> {
  const rows = await deps.db.select().from(notification).where(eq(notification.kind, kind));
  return rows.map((n) => (n.payload as { email: Mail }).email).filter((m) => m.to === to);
}

/** Follows the confirmation link the way the page's POST does. */
async function confirmFrom(mail: Mail): Promise<URL> {
  const url = new URL(/https?:\/\/\S+\/report\/confirm\/\S+/.exec(mail.text)?.[0] ?? "http://x/");
  const link = {
    reportId: url.pathname.split("/").at(-1) ?? "",
    email: url.searchParams.get("e") ?? "",
    signature: url.searchParams.get("sig") ?? "",
  };
  expect(await confirmReporterEmail(deps, web("10.0.0.1"), link)).toBe(true);
  return url;
}

describe("a reporter hears back in the language of the page they reported from", () => {
  it("German reporter: confirmation and resolved emails in German, subject included; an English one stays English", async () => {
    const de = await submitReport(deps, web("10.5.0.1"), {
      what: "Kasse hängt",
      componentId: checkout,
      email: "jonas@example.com",
      language: "de",
    });
    await submitReport(deps, web("10.5.0.2"), { what: "Checkout hangs", componentId: checkout, email: "ann@example.com" });
    const [row] = await deps.db
      .select({ language: report.language })
      .from(report)
      .where(eq(report.id, de.id as string));
    expect(row?.language).toBe("de");

    const [confirm] = await mailsTo("jonas@example.com", "report.confirm");
    if (!confirm) throw new Error("no confirmation email to the German reporter");
    expect(confirm.subject).toBe("Bestätigen Sie, um eine Rückmeldung zu Ihrer Meldung an Status zu erhalten");
    expect(confirm.html).toContain('<html lang="de" dir="ltr">');
    expect(confirm.text).toContain("Ja, schreiben Sie mir:");
    expect(confirm.text).not.toMatch(/Confirm|hear back|report form/);
    expect((await confirmFrom(confirm)).searchParams.get("lang")).toBe("de");

    const [english] = await mailsTo("ann@example.com", "report.confirm");
    if (!english) throw new Error("no confirmation email to the English reporter");
    expect(english.subject).toBe("Confirm to hear back about your report to Status");
    await confirmFrom(english);

    const { incidentId } = await publishIncident(deps, { title: "Checkout errors", components: [checkout], body: "Checkout is failing." });
    const api = createApi(deps);
    expect((await callApi(api, responder, "POST", `/reports/groups/${de.id}/attach`, { incidentId })).status).toBe(200);
    const update = { status: "resolved" as const, body: "Fixed.", variants: [], components: [], notify: false, reopen: false };
    await publishUpdate(deps, responder.ctx, incidentId, update);
    expect(await followUpReporters(deps)).toBe(2);

    const [resolved] = await mailsTo("jonas@example.com", "report.resolved");
    expect(resolved?.subject).toBe("Das von Ihnen gemeldete Problem ist behoben");
    expect(resolved?.text).toContain("Sie schrieben: „Kasse hängt“");
    expect(resolved?.text).toContain("Lesen, was passiert ist:");
    const [resolvedEn] = await mailsTo("ann@example.com", "report.resolved");
    expect(resolvedEn?.subject).toBe("The problem you reported is resolved");
  });
});
