import { hash, verify } from "@node-rs/argon2";
import { ValidationError } from "../lib/errors.ts";
import { isCommonPassword } from "./common-passwords.ts";

/**
 * argon2id with OWASP's minimum profile: 19 MiB of memory, 2 passes, 1 lane. Length 8…256,
 * no composition rules, and the most common passwords refused.
 */
export const ARGON2_PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters`;
  const lower = password.toLowerCase();
  if (isCommonPassword(lower)) return "This password is among the most common ones; choose another";
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower === local) return "Do not use your email address as your password";
  return null;
}

export function assertPasswordAcceptable(password: string, context: { email?: string; name?: string } = {}, field = "password"): void {
  const problem = passwordProblem(password, context);
  if (problem) throw new ValidationError(problem, [{ path: field, message: problem }]);
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Verifies against a throwaway hash so an unknown email costs the same time as a wrong password. */
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword("clarion-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}
