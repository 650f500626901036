import { sessionCookie } from "../../auth/cookies.ts";
import { t } from "../../i18n/console/index.ts";
import { field } from "../../lib/forms.ts";
import { changePassword } from "../../services/team/change-password.ts";
import { inviteMember, revokeInvitation } from "../../services/team/invitations.ts";
import { ChangePassword, CreateToken, InviteMember, SetTimeZone, UpdateMember } from "../../services/team/schemas.ts";
import { revokeOwnSession } from "../../services/team/sessions.ts";
import { setOwnTimeZone } from "../../services/team/time-zone.ts";
import { updateMember } from "../../services/team/update-member.ts";
import { createApiToken, revokeApiToken } from "../../services/tokens/tokens.ts";
import { formIntent, type IntentTable } from "../form-action.ts";

/** /admin/team: invite, change a member's role or disable them, revoke an invitation. */
export const TEAM_FORMS: IntentTable = {
  invite: formIntent({
    action: "team.manage",
    schema: InviteMember,
    toInput: (form) => ({ email: field(form, "email"), role: field(form, "role") }),
    run: async (input, call) => t("form_team.invitation_sent", { email: (await inviteMember(call.deps, call.ctx, input)).email }),
  }),
  update: formIntent({
    action: "team.manage",
    schema: UpdateMember,
    toInput: (form) => {
      const disabled = field(form, "disabled");
      return { role: field(form, "role") || undefined, disabled: disabled ? disabled === "true" : undefined };
    },
    run: async (input, call) => {
      const m = await updateMember(call.deps, call.ctx, field(call.form, "id"), input);
      return m.disabled
        ? t("form_team.member_disabled", { name: m.name })
        : t("form_team.member_role", { name: m.name, role: t(`role.${m.role}`).toLowerCase() });
    },
  }),
  revoke: formIntent({
    action: "team.manage",
    run: async (_input, call) => {
      await revokeInvitation(call.deps, call.ctx, field(call.form, "id"));
      return t("form_team.invitation_revoked");
    },
  }),
};

/** /admin/account: your time zone, change your own password (which signs out every other session), sign out one session. */
export const ACCOUNT_FORMS: IntentTable = {
  password: formIntent({
    action: "console.read",
    schema: ChangePassword,
    toInput: (form) => ({ currentPassword: field(form, "currentPassword"), newPassword: field(form, "newPassword") }),
    run: async (input, call) => {
      const userAgent = call.request.headers.get("user-agent") ?? undefined;
      const session = await changePassword(call.deps, call.ctx, input, { userAgent });
      return {
        notice: t("form_account.password_changed"),
        data: session.id,
        headers: [["Set-Cookie", sessionCookie(call.request.url, session.token, session.expiresAt)]],
      };
    },
  }),
  "time-zone": formIntent({
    action: "console.read",
    schema: SetTimeZone,
    toInput: (form) => ({ timeZone: field(form, "timeZone") }),
    run: async (input, call) => {
      const { timeZone } = await setOwnTimeZone(call.deps, call.ctx, input);
      const notice = timeZone ? t("form_account.time_zone_set", { zone: timeZone }) : t("form_account.time_zone_browser");
      return { notice, data: { timeZone } };
    },
  }),
  revoke: formIntent({
    action: "console.read",
    run: async (_input, call) => {
      await revokeOwnSession(call.deps, call.ctx, field(call.form, "id"));
      return t("form_account.session_signed_out");
    },
  }),
};

/** /admin/tokens: create a token (shown once) or revoke one. */
export const TOKEN_FORMS: IntentTable = {
  create: formIntent({
    action: "token.manage",
    schema: CreateToken,
    toInput: (form) => {
      const days = field(form, "expiresInDays");
      return {
        name: field(form, "name"),
        scopes: ([] as string[]).concat(form.scopes ?? []),
        expiresInDays: days ? Number(days) : undefined,
      };
    },
    run: async (input, call) => {
      const created = await createApiToken(call.deps, call.ctx, input);
      return { data: { name: created.name, token: created.token } };
    },
  }),
  /** The first press asks again (the page shows a confirmation); nothing is revoked yet. */
  revoke: formIntent({
    action: "token.manage",
    readsOnly: true,
    run: async (_input, call) => ({ data: { confirmRevoke: field(call.form, "id") } }),
  }),
  "revoke-confirmed": formIntent({
    action: "token.manage",
    run: async (_input, call) => {
      await revokeApiToken(call.deps, call.ctx, field(call.form, "id"));
      return t("form_tokens.revoked");
    },
  }),
};
