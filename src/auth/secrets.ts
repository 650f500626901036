import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { newId, randomSecret } from "../lib/ids.ts";

/**
 * Bearer secrets as Lucia's authors teach them: a token `<id>.<secret>` where the id finds
 * the row and only SHA-256(secret) is stored; the secret has 160 bits from the CSPRNG.
 */
export interface IssuedToken {
  id: string;
  secret: string;
  token: string;
  secretHash: Uint8Array;
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** Constant-time: never returns early on the first differing byte; unequal lengths are simply unequal. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const candidate = hashSecret(secret);
  if (candidate.byteLength !== storedHash.byteLength) return false;
  return constantTimeEqual(candidate, storedHash);
}

export function issueToken(prefix = ""): IssuedToken {
  const id = newId();
  const secret = randomSecret(20);
  return { id, secret, token: `${prefix}${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function parseToken(token: string, prefix = ""): { id: string; secret: string } | null {
  if (!token.startsWith(prefix)) return null;
  const [id, secret, ...rest] = token.slice(prefix.length).split(".");
  if (!id || !secret || rest.length) return null;
  if (!/^[0-9a-z]{12}$/.test(id) || secret.length < 20 || secret.length > 128) return null;
  return { id, secret };
}
