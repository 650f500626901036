import { createHmac } from "node:crypto";
import { lookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isPrivateAddress } from "./address-rules.ts";
import type { SendOutcome } from "./mailer.ts";

export { isPrivateAddress } from "./address-rules.ts";

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Name resolution, replaceable in tests; the default is the system resolver. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;
const systemResolver: Resolver = (host) => lookup(host, { all: true });

/**
 * Resolves a webhook target once and returns the address to connect to. Refuses a non-http(s)
 * URL, and (unless allowed for tests) a host any of whose addresses is private (SSRF).
 */
export async function resolvePublicTarget(
  url: string,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
): Promise<ResolvedAddress> {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("webhook URL must be http(s)");
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await resolve(host);
  const first = addresses[0];
  if (!first) throw new Error(`${host} has no address`);
  if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) throw new Error(`refusing private address for ${host}`);
  return first;
}

/** Refuses a target whose host resolves to a private address (SSRF), unless allowed for tests. */
export async function assertPublicTarget(url: string, allowPrivate: boolean, resolve: Resolver = systemResolver): Promise<void> {
  const { protocol } = new URL(url);
  if (protocol !== "https:" && protocol !== "http:") throw new Error("webhook URL must be http(s)");
  if (!allowPrivate) await resolvePublicTarget(url, allowPrivate, resolve);
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the Stripe-style scheme receivers know. */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${mac}`;
}

/** A lookup that always answers the address we checked, so a second DNS answer (rebinding) is never used. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_host, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

function send(url: string, body: string, headers: Record<string, string>, pinned: ResolvedAddress): Promise<IncomingMessage> {
  const request = url.startsWith("https:") ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Clarion-Webhook/1", ...headers },
      lookup: pinnedLookup(pinned),
      signal: AbortSignal.timeout(10_000),
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * POSTs one webhook to the checked address with a 10 s timeout, never following redirects. The
 * outcome says only the class of an answer: the receiver's exact status or socket error would
 * let whoever reads the delivery history probe what listens where.
 */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
): Promise<SendOutcome> {
  let pinned: ResolvedAddress;
  try {
    pinned = await resolvePublicTarget(url, allowPrivate, resolve);
  } catch (err) {
    return { ok: false, retryable: false, status: null, message: (err as Error).message };
  }
  try {
    const res = await send(url, body, headers, pinned);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return { ok: true, ids: [] };
    const retryAfter = Number(res.headers["retry-after"]);
    const retryable = status === 429 || status >= 500 || status === 408;
    return {
      ok: false,
      retryable,
      status: status === 429 ? 429 : retryable ? 500 : 400,
      message: retryable ? "the receiver failed to accept the webhook" : "the receiver refused the webhook",
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    };
  } catch {
    return { ok: false, retryable: true, status: null, message: "the receiver could not be reached" };
  }
}
