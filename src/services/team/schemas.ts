import { z } from "zod";
import { ROLES, SCOPES } from "../../../db/schema/index.ts";
import { PASSWORD_MAX } from "../../auth/passwords.ts";
import { isTimeZone } from "../../lib/time-zone.ts";

/** The vocabulary's values, for adapters that list them (pages never import db/schema). */
export { ROLES, SCOPES } from "../../../db/schema/index.ts";

export const Email = z
  .email("Enter a valid email address")
  .max(254)
  .transform((e) => e.trim().toLowerCase());
const Password = z.string().min(1, "Enter a password").max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);
const Name = z.string().trim().min(1, "Enter a name").max(120);

export const Login = z.object({ email: Email, password: Password });
export type Login = z.infer<typeof Login>;

export const SetupOwner = z.object({ email: Email, name: Name, password: Password });
export type SetupOwner = z.infer<typeof SetupOwner>;

export const InviteMember = z.object({ email: Email, role: z.enum(ROLES), name: Name.optional() });
export type InviteMember = z.infer<typeof InviteMember>;

export const AcceptInvitation = z.object({ token: z.string().min(1).max(200), name: Name, password: Password });
export type AcceptInvitation = z.infer<typeof AcceptInvitation>;

export const UpdateMember = z
  .object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), name: Name.optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined || v.name !== undefined, "Change at least one of role, disabled, name");
export type UpdateMember = z.infer<typeof UpdateMember>;

/** A member's console time zone; empty means "follow my browser" (null). */
export const SetTimeZone = z.object({
  timeZone: z
    .string()
    .trim()
    .refine((v) => v === "" || isTimeZone(v), "Choose a time zone from the list, such as Europe/Berlin")
    .transform((v) => v || null),
});
export type SetTimeZone = z.infer<typeof SetTimeZone>;

export const ChangePassword = z.object({ currentPassword: Password, newPassword: Password });
export type ChangePassword = z.infer<typeof ChangePassword>;

export const CreateToken = z.object({
  name: Name,
  scopes: z.array(z.enum(SCOPES)).min(1, "Choose at least one scope").max(4),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateToken = z.infer<typeof CreateToken>;

export const AuditQuery = z.object({
  action: z.string().max(100).optional(),
  resourceType: z.string().max(100).optional(),
  resourceId: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export interface MemberView {
  id: string;
  email: string;
  name: string;
  role: (typeof ROLES)[number];
  disabled: boolean;
  createdAt: string;
}
