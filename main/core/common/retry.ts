/**
 * Exponential backoff with full jitter, bounded. Used for scanner reconnects and upload retries:
 * jitter keeps a shop's tills from retrying in lock-step after a shared outage.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
  /** 0 = no jitter; 1 = full jitter (delay drawn from [0, cap]). */
  jitter?: number;
  random?: () => number;
}

export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { initialMs, maxMs, factor = 2, jitter = 0.5, random = Math.random } = options;
  const cap = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt));
  return Math.round(cap - cap * jitter * random());
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
