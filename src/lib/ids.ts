import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** A 12-character lowercase base-36 id (about 62 bits), the shape Statuspage ids have. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let id = "";
  for (const b of bytes) id += ALPHABET[b % 36];
  return id;
}

export const ID_PATTERN = /^[0-9a-z]{12}$/;

/** A secret with `bytes` bytes of entropy from the CSPRNG, base32 encoded. */
export function randomSecret(bytes = 20): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}
