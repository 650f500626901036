import { describe, expect, it } from "vitest";
import { senderFor } from "../../src/lib/mail-from.ts";

describe("the From of a subscriber's email", () => {
  it("puts the page's name in front of MAIL_FROM's address when MAIL_FROM has the default name or none", () => {
    expect(senderFor("Clarion <status@localhost>", "Acme Cloud Status")).toBe('"Acme Cloud Status" <status@localhost>');
    expect(senderFor("status@acme.com", "Acme")).toBe('"Acme" <status@acme.com>');
    expect(senderFor("<status@acme.com>", "Acme")).toBe('"Acme" <status@acme.com>');
  });

  it("keeps a sender the operator named themselves", () => {
    expect(senderFor("Acme Support <help@acme.com>", "Acme Cloud Status")).toBe("Acme Support <help@acme.com>");
  });

  it("drops characters that would break the header out of the name", () => {
    expect(senderFor("Clarion <s@x.io>", 'Evil"\r\nBcc: a@b.c <x>')).toBe('"EvilBcc: a@b.c x" <s@x.io>');
  });
});
