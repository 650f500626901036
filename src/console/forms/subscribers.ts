import { t, tp } from "../../i18n/console/index.ts";
import { field } from "../../lib/forms.ts";
import { retryDeadLetter } from "../../services/deliveries/retry.ts";
import { addSubscriber } from "../../services/subscribers/add.ts";
import { importSubscribers } from "../../services/subscribers/import.ts";
import { AdminCreateSubscriber, ImportSubscribers } from "../../services/subscribers/schemas.ts";
import { deleteSubscriber, suppressSubscriber } from "../../services/subscribers/suppress.ts";
import { type FormValues, formIntent, type IntentTable } from "../form-action.ts";

const split = (v: string): string[] => v.split(/[\s,;]+/).filter(Boolean);
const consent = (form: FormValues): string | boolean => (field(form, "consent") ? field(form, "consentText") || true : false);

/** /admin/subscribers: add one subscriber or import a CSV. */
export const SUBSCRIBERS_FORMS: IntentTable = {
  add: formIntent({
    action: "subscriber.manage",
    schema: AdminCreateSubscriber,
    toInput: (form) => ({
      email: field(form, "email"),
      audiences: split(field(form, "audiences")),
      maintenance: field(form, "maintenance") === "yes",
      consent: consent(form),
    }),
    run: async (input, call) => {
      const added = await addSubscriber(call.deps, call.ctx, input);
      return t("form_subscribers.added", { email: added.email ?? "", state: t(`subscriber.state_${added.state}`) });
    },
  }),
  import: formIntent({
    action: "subscriber.manage",
    schema: ImportSubscribers,
    // A chosen file wins over the text box.
    toInput: (form) => ({ csv: field(form, "csvFile") || field(form, "csv"), consent: consent(form) }),
    run: async (input, call) => {
      const report = await importSubscribers(call.deps, call.ctx, input);
      // A large file runs in the background: its own page follows the progress.
      if (report.state !== "done") return { redirect: `/admin/subscribers/imports/${report.id}` };
      const number = new Intl.NumberFormat("en");
      const notice = tp("form_subscribers.import_finished", report.total, {
        added: number.format(report.added),
        failed: number.format(report.failed),
      });
      return { notice, data: report, keepForm: report.failed > 0 };
    },
  }),
};

/** /admin/subscribers/[id]: suppress or delete one subscriber. */
export const SUBSCRIBER_FORMS: IntentTable = {
  suppress: formIntent({
    action: "subscriber.manage",
    run: async (_input, call) => {
      await suppressSubscriber(
        call.deps,
        call.ctx,
        call.params.id ?? "",
        field(call.form, "reason") || t("form_subscribers.suppressed_reason"),
      );
      return t("form_subscribers.suppressed");
    },
  }),
  delete: formIntent({
    action: "subscriber.manage",
    run: async (_input, call) => {
      await deleteSubscriber(call.deps, call.ctx, call.params.id ?? "");
      return { redirect: "/admin/subscribers" };
    },
  }),
};

/** /admin/deliveries: queue a dead letter again. */
export const DELIVERY_FORMS: IntentTable = {
  "": formIntent({
    action: "subscriber.manage",
    run: async (_input, call) => {
      const type = field(call.form, "type") === "email" ? "email" : "batch";
      const { retried } = await retryDeadLetter(call.deps, call.ctx, type, field(call.form, "id"));
      return tp("form_deliveries.queued_again", retried);
    },
  }),
};
