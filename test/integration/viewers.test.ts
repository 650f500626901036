import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notification, viewerLink } from "../../db/schema/index.ts";
import { resolveViewer, VIEWER_COOKIE } from "../../src/projection/index.ts";
import { requestViewerLink, VIEWER_LINK_TTL_MS } from "../../src/services/viewers/request-link.ts";
import { endViewerSession, verifyViewerLink, viewerCookie } from "../../src/services/viewers/verify.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { rowCount, seedAudiences } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;

beforeAll(async () => {
  deps = await createTestDeps();
  await seedAudiences(deps, { acme: "acme.com" });
});
afterAll(() => deps.testDb.destroy());

async function linkFor(email: string): Promise<string> {
  const rows = await deps.db.select().from(notification).where(eq(notification.kind, "viewer.magic_link"));
  const mail = rows
    .map((r) => (r.payload as { email: { to: string; text: string } }).email)
    .filter((e) => e.to === email)
    .at(-1);
  const token = /token=([^\s&"]+)/.exec(mail?.text ?? "")?.[1];
  if (!token) throw new Error(`no link mailed to ${email}`);
  return decodeURIComponent(token);
}
const request = (cookie: string) => new Request("http://status.test/", { headers: { cookie } });

describe("private audience views", () => {
  it("mails a one-time link to a member and nothing to a stranger, with the same outcome", async () => {
    await expect(requestViewerLink(deps, { email: "ops@acme.com", ip: "1.1.1.1" })).resolves.toBeUndefined();
    await expect(requestViewerLink(deps, { email: "nobody@example.com", ip: "1.1.1.1" })).resolves.toBeUndefined();
    const mailed = (await deps.db.select().from(notification).where(eq(notification.kind, "viewer.magic_link"))).map(
      (n) => (n.payload as { email: { to: string } }).email.to,
    );
    expect(mailed).toEqual(["ops@acme.com"]);
    const [link] = await deps.db.select().from(viewerLink);
    const token = await linkFor("ops@acme.com");
    expect(Buffer.from(link?.secretHash ?? []).toString("hex")).not.toContain(token.split(".")[1]);
    expect(link?.expiresAt.getTime()).toBe(deps.clock.now().getTime() + VIEWER_LINK_TTL_MS);
  });

  it("the email speaks the language of the page the address was entered on, and its link opens that language", async () => {
    await requestViewerLink(deps, { email: "cto@acme.com", ip: "4.4.4.4", language: "de" });
    const [row] = (await deps.db.select().from(notification).where(eq(notification.kind, "viewer.magic_link"))).filter(
      (n) => (n.payload as { email: { to: string } }).email.to === "cto@acme.com",
    );
    const email = (row?.payload as { email: { subject: string; text: string; html: string } } | undefined)?.email ?? {
      subject: "",
      text: "",
      html: "",
    };
    expect(email.subject).toMatch(/^Ihr Anmeldelink für /);
    expect(email.text).toContain("Der Link funktioniert einmal, innerhalb der nächsten 15 Minuten.");
    expect(email.text).toMatch(/\/access\/verify\?token=[^\s]+&lang=de/);
    expect(email.html).not.toMatch(/Open the status page|You receive this/);
    expect(await linkFor("cto@acme.com")).not.toContain("lang=");
  });

  it("the link works once, yields a session the projection recognizes, and leaving ends it", async () => {
    await requestViewerLink(deps, { email: "cfo@acme.com", ip: "2.2.2.2" });
    const token = await linkFor("cfo@acme.com");
    const verified = await verifyViewerLink(deps, token);
    expect(verified?.audiences).toEqual(["acme"]);
    expect(await verifyViewerLink(deps, token)).toBeNull();
    const cookie = `${VIEWER_COOKIE}=${verified?.token}`;
    expect(await resolveViewer(deps, request(cookie))).toEqual({ kind: "audience", email: "cfo@acme.com", audiences: ["acme"] });
    await endViewerSession(deps, verified?.token);
    expect(await resolveViewer(deps, request(cookie))).toEqual({ kind: "anonymous" });
  });

  it("an expired or tampered link is refused", async () => {
    await requestViewerLink(deps, { email: "late@acme.com", ip: "3.3.3.3" });
    const token = await linkFor("late@acme.com");
    expect(await verifyViewerLink(deps, `${token.slice(0, -2)}xx`)).toBeNull();
    deps.clock.advance(VIEWER_LINK_TTL_MS + 1);
    expect(await verifyViewerLink(deps, token)).toBeNull();
    expect(await verifyViewerLink(deps, "garbage")).toBeNull();
  });

  it("is rate limited: per address silently, per network with 429", async () => {
    for (let i = 0; i < 5; i++) await requestViewerLink(deps, { email: "spam@acme.com", ip: `9.9.9.${i}` });
    expect((await deps.db.select().from(viewerLink).where(eq(viewerLink.email, "spam@acme.com"))).length).toBe(3);
    const before = await rowCount(deps, viewerLink);
    let error: unknown;
    for (let i = 0; i < 12 && !error; i++)
      await requestViewerLink(deps, { email: `u${i}@example.com`, ip: "8.8.8.8" }).catch((e) => (error = e));
    expect(error).toMatchObject({ code: "rate_limited" });
    expect(await rowCount(deps, viewerLink)).toBe(before);
  });

  it("the cookie is HttpOnly, SameSite=Lax, and Secure on https", () => {
    expect(viewerCookie("http://x/", "a.b", new Date(0))).toMatch(/^clarion_viewer=a\.b; Path=\/; HttpOnly; SameSite=Lax; Expires=/);
    expect(viewerCookie("https://x/", "a.b", new Date(0))).toContain("; Secure");
    expect(viewerCookie("https://x/", "", null)).toContain("Max-Age=0");
  });
});
