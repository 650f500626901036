import type { RateLimitHint } from "./mailer.ts";

/**
 * A process-wide token bucket for provider requests. It starts at Resend's default of
 * 2 requests/s, learns the real limit from `ratelimit-*` headers, and stops entirely until
 * `retry-after` when the provider answers 429. Capacity 1: requests are spaced, not burst.
 */
const SAFETY = 0.98;

export class RateBucket {
  private ratePerSecond: number;
  private nextFreeAt = 0;
  private pausedUntil = 0;
  private readonly now: () => number;

  constructor(initialRate = 2, now: () => number = () => Date.now()) {
    this.ratePerSecond = initialRate;
    this.now = now;
  }

  get rate(): number {
    return this.ratePerSecond;
  }

  /**
   * Resolves true when the caller may send one request, or false as soon as `signal` aborts, so
   * a process stopping while it waits out a retry-after stops at once instead of being killed.
   */
  async take(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const now = this.now();
      const at = Math.max(this.nextFreeAt, this.pausedUntil, now);
      if (at <= now) {
        this.nextFreeAt = now + 1000 / this.ratePerSecond;
        return true;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, at - now);
        signal?.addEventListener("abort", done, { once: true });
      });
    }
  }

  /**
   * Adapts to the provider's advertised per-second limit, 2% under it so that network jitter
   * bunching two spaced requests together does not earn a 429 (requests are already spaced,
   * so `remaining` needs no extra wait).
   */
  observe(hint: RateLimitHint | undefined): void {
    if (hint?.limit && hint.limit > 0) this.ratePerSecond = hint.limit * SAFETY;
  }

  /** Whether the provider failed (5xx, network) since the last successful request: see send.ts's pull-forward. */
  private failedSince = false;

  /** Records a request's outcome; true when this success ends a run of provider failures. */
  recovered(ok: boolean, providerFault: boolean): boolean {
    if (!ok) {
      if (providerFault) this.failedSince = true;
      return false;
    }
    const was = this.failedSince;
    this.failedSince = false;
    return was;
  }

  /** A 429: nobody in this process sends until retry-after has passed. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }
}

/** Full-jitter exponential backoff (AWS architecture blog): a random wait in [0, min(cap, base·2^attempt)). */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 15 * 60_000, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}
