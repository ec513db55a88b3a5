/**
 * Retrying, in one place: scanner reconnects, redemption retries and Custobar upload retries all
 * wait the same way — exponential backoff with jitter, bounded.
 *
 * - Jitter keeps a shop's tills from retrying in lock-step after a shared outage (the network or
 *   the service comes back, and every till would otherwise hit it in the same instant).
 * - The bound keeps the wait short even after many failures: a scanner re-plugged after an hour
 *   is found again within seconds, not after an hour-long doubling.
 *
 * Nothing here imports from the rest of the app, so every part of the core can use it.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
  /** 0 = no jitter; 1 = full jitter (delay drawn from [0, cap]). */
  jitter?: number;
  random?: () => number;
}

/** How a caller retries: the backoff options, under the name its users know it by. */
export type RetryPolicy = BackoffOptions;

/**
 * The wait before retry number `attempt` (0 for the first retry): `initialMs × factor^attempt`,
 * capped at `maxMs`, less up to `jitter` of it at random.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { initialMs, maxMs, factor = 2, jitter = 0.5, random = Math.random } = options;
  const cap = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt));
  return Math.round(cap - cap * jitter * random());
}

/**
 * The wait before the next attempt. A server that said when to come back (Retry-After) knows its
 * own load better than our backoff does, so its answer wins whenever it gave one — also 0.
 */
export function delayFor(attempt: number, policy: RetryPolicy, retryAfterMs?: number | null): number {
  return retryAfterMs ?? backoffDelay(attempt, policy);
}

/**
 * A reconnect loop's timer: each `schedule()` waits a little longer than the last, `succeeded()`
 * starts over from the shortest wait. At most one run is ever pending, and the timer never keeps
 * the process alive on its own.
 */
export class RetryTimer {
  private attempts = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly policy: RetryPolicy) {}

  /** How many retries were scheduled since the last success. */
  get attempt(): number {
    return this.attempts;
  }

  /** Runs `run` after the next backoff delay, replacing any run still pending. Returns the delay. */
  schedule(run: () => void): number {
    const delay = backoffDelay(this.attempts, this.policy);
    this.attempts += 1;
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = null;
      run();
    }, delay);
    this.timer.unref();
    return delay;
  }

  /** Connected (or otherwise done): the next failure retries quickly again. */
  succeeded(): void {
    this.attempts = 0;
  }

  /** Drops the pending run, if any. The attempt count stays: cancelling is not succeeding. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * When each of many things may be retried, for callers that poll instead of setting a timer per
 * thing (and that keep the attempt count themselves, e.g. in the database). A key never scheduled,
 * or cleared, is due at once.
 */
export class RetrySchedule<K> {
  private readonly dueAt = new Map<K, number>();

  constructor(
    private readonly policy: RetryPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** `key` is not settled yet: due again after the backoff for `attempts` (as the caller counts them). Returns the delay. */
  later(key: K, attempts: number): number {
    const at = this.now();
    const delay = backoffDelay(attempts, this.policy);
    this.dueAt.set(key, at + delay);
    return delay;
  }

  isDue(key: K): boolean {
    return (this.dueAt.get(key) ?? 0) <= this.now();
  }

  /** Settled: forget it. */
  clear(key: K): void {
    this.dueAt.delete(key);
  }
}

/** A sleep that can be cut short (on stop or "send now"). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
