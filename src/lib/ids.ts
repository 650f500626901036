import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** Random bytes are drawn from the CSPRNG 4 KiB at a time: a fan-out makes 100,000 ids. */
const pool = new Uint8Array(4096);
let used = pool.length;

/** A 12-character lowercase base-36 id (about 62 bits), the shape Statuspage ids have. */
export function newId(): string {
  if (used + 12 > pool.length) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  let id = "";
  for (let i = 0; i < 12; i++) id += ALPHABET[(pool[used + i] as number) % 36];
  used += 12;
  return id;
}

export const ID_PATTERN = /^[0-9a-z]{12}$/;

/** A secret with `bytes` bytes of entropy from the CSPRNG, base32 encoded. */
export function randomSecret(bytes = 20): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}
