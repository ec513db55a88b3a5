import { sleep } from '../common/retry';

/**
 * Client-side rate limit (token bucket). Custobar answers 429 when pushed too hard; one official
 * plugin keeps itself to 180 requests/minute. Bursts of a few requests are allowed, the average is held.
 */
export class Throttle {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private readonly perMs: number;

  constructor(
    requestsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = Math.max(1, Math.ceil(requestsPerMinute / 60));
    this.perMs = requestsPerMinute / 60_000;
    this.tokens = this.capacity;
    this.last = now();
  }

  /** Milliseconds to wait before the next request may go (0 = now); takes the token. */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil(-this.tokens / this.perMs);
  }

  /** Waits for the next token; an abort (the app stopping) ends the wait at once. */
  async take(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await sleep(wait, signal);
  }
}
