import { describe, expect, it } from "vitest";
import { de } from "../../src/i18n/de.ts";
import { en } from "../../src/i18n/en.ts";
import { translateProblem } from "../../src/i18n/form-problem.ts";
import { translator } from "../../src/i18n/index.ts";
import { ValidationError } from "../../src/lib/errors.ts";
import { formProblem, parseForm } from "../../src/lib/forms.ts";
import { IncidentRating } from "../../src/services/feedback/schemas.ts";
import { SubmitReport } from "../../src/services/intake/report-schemas.ts";
import { SubscribeInput } from "../../src/services/subscribers/schemas.ts";

/** What a public page shows for a form a schema or a service refused. */
function problemOf(run: () => unknown, locale: string) {
  try {
    run();
  } catch (err) {
    return translateProblem(translator(locale), formProblem(err));
  }
  throw new Error("the form was accepted");
}

describe("public form errors in the reader's language", () => {
  it("a bad email on the subscribe form reads in German, worded from zod's issue code, not its English", () => {
    const problem = problemOf(() => parseForm(SubscribeInput, { email: "not-an-address" }), "de");
    expect(problem.message).toBe(de["form.checkFields"]);
    expect(problem.fields).toEqual({ email: de["form.email"] });
    expect(problem.status).toBe(400);
  });

  it("the API and the console keep the schema's English (the services do not know the reader's language)", () => {
    const raw = formProblem(catchError(() => parseForm(SubscribeInput, { email: "not-an-address" })));
    expect(raw.fields.email).toBe("enter a valid email address");
    expect(raw.issues?.email?.code).toBe("invalid_format");
  });

  it("the same field reads differently by issue: too short, too long (the limit in the reader's digits)", () => {
    const short = problemOf(() => parseForm(SubmitReport, { what: "x" }), "de");
    expect(short.fields.what).toBe(de["form.whatShort"]);
    const long = problemOf(() => parseForm(SubmitReport, { what: "x".repeat(2001) }), "de");
    expect(long.fields.what).toBe("Kürzen Sie den Text auf höchstens 2.000 Zeichen.");
    const rating = problemOf(
      () => parseForm(IncidentRating, { rating: "9", signed: { subscriberId: "a".repeat(12), signature: "s" } }),
      "ar",
    );
    expect(rating.fields.rating).toBe("اختر تقييمًا من 1 إلى 5.");
  });

  it("a field refused by a service after parsing, and a field with no entry, still read in the reader's language", () => {
    const url = problemOf(() => {
      throw new ValidationError("That is not a Slack incoming-webhook address", [{ path: "url", message: "use hooks.slack.com" }]);
    }, "fr");
    expect(url.fields.url).toMatch(/^Cette adresse ne peut pas recevoir/);
    const code = problemOf(() => {
      throw new ValidationError("That code does not match", [{ path: "code", message: "copy the code" }]);
    }, "de");
    expect(code.fields.code).toBe(de["form.codeWrong"]);
    const unknown = problemOf(() => {
      throw new ValidationError("Nope", [{ path: "somethingNew", message: "bad" }]);
    }, "ja");
    expect(unknown).toEqual({
      message: translator("ja")("form.checkFields"),
      fields: { somethingNew: translator("ja")("form.checkField") },
      status: 400,
    });
  });

  it("an English reader gets English, and no English schema text reaches a German page (so the test can fail)", () => {
    const english = problemOf(() => parseForm(SubscribeInput, { email: "x" }), "en");
    expect(english.fields.email).toBe(en["form.email"]);
    const german = problemOf(() => parseForm(SubscribeInput, { email: "x", scope: "chosen" }), "de");
    expect(JSON.stringify(german)).not.toMatch(/enter a valid|choose at least one|Some fields/);
    expect(german.fields.components).toBe(de["subscribe.chooseOne"]);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error("no error");
}
