import { type Actor, can } from "./permissions.ts";

/**
 * Webhook signing secrets and chat webhook URLs (whose path is the credential) are shown when
 * made, and afterwards only to those who may change settings (admins, owners, `admin` tokens).
 */
export function maySeeSecrets(actor: Actor): boolean {
  return can(actor, "settings.write");
}

/** The host a secret URL points at, without the path or query that carry its credential. */
export function maskSecretUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…`;
  } catch {
    return "…";
  }
}
