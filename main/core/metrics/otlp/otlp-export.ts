/**
 * Optional OTLP/HTTP push (JSON) of the Prometheus registry's metrics, and of warnings and errors as
 * logs, to a collector. It sits beside a till, so an absent or broken collector must cost nothing:
 *   - nothing blocks: log() only queues; every request has a timeout; at most one push is in flight
 *     (a timer tick that finds one running is skipped);
 *   - nothing grows without bound: logs wait in a queue of at most maxQueuedLogs (the oldest dropped
 *     and counted); metrics are not queued at all, because they are cumulative and the next push
 *     carries the totals, so a missed push loses nothing;
 *   - a problem is reported once when the export goes from working to failing, never per attempt.
 * onProblem must not feed the log back into log() (through a logger that forwards warnings here):
 * a collector that is down would then queue a warning about itself every push.
 *
 * Counts in stats(): `sent` and `failed` are requests (one for the metrics, one per log batch; a
 * failed collect() counts as a failed metrics request); `droppedLogs` are records lost to the queue
 * bound or rejected by the collector with a 4xx; `queuedLogs` leaves out a batch being sent;
 * `lastError` is the latest failure while either signal is failing, null once both work again.
 */
import { describeUrl, otlpEndpoints } from './endpoints';
import { encodeLogRecord, encodeLogs, type EncodedLog, type LogInput } from './encode-logs';
import { encodeMetrics, metricCount, type PromMetric } from './encode-metrics';
import type { OtlpResource } from './otlp-json';
import { describeError, postJson } from './post';

export interface OtlpExportOptions {
  /**
   * Collector URL. A base URL (http://collector:4318) gets /v1/metrics and /v1/logs appended; a URL
   * whose path already ends in /v1/metrics (or /v1/logs) is used as is for that signal, and the other
   * goes to the sibling path. See endpoints.ts. Anything but http(s) throws at start.
   */
  url: string;
  /** Metrics push period; queued logs go with each push. */
  intervalMs: number;
  /** → service.name=till-companion, service.version, shop.id, till.id and till.mode. */
  resource: OtlpResource;
  /** The registry's getMetricsAsJSON(). */
  collect: () => Promise<PromMetric[]>;
  /** Called once when the export goes from working to failing (not per attempt, not again until both signals worked); must not log into log(). */
  onProblem?: (message: string) => void;
  /** Default 1000; when full the oldest record is dropped (and counted). */
  maxQueuedLogs?: number;
  /** Per request (and for collect()); default 5000. */
  timeoutMs?: number;
  /** Sent with every request, e.g. the collector's `Authorization: Bearer …`. */
  headers?: Record<string, string>;
  now?: () => number;
}

export interface OtlpExportStats {
  sent: number;
  failed: number;
  droppedLogs: number;
  queuedLogs: number;
  lastError: string | null;
}

export interface OtlpExport {
  /** Queue one log record (warn/error) for the next push; never blocks, never throws. */
  log(record: LogInput): void;
  /** Push now (metrics + queued logs); resolves when done or failed, never rejects. */
  flush(): Promise<void>;
  stats(): OtlpExportStats;
  /**
   * Clears the timer and makes one last push, all of it bounded by timeoutMs. Call it at shutdown:
   * the timer is unref'd, but a request in flight is not, and with a collector that never answers
   * a new one starts as each times out, so without stop() such a process would not exit by itself.
   */
  stop(): Promise<void>;
}

export const DEFAULT_MAX_QUEUED_LOGS = 1000;
export const DEFAULT_TIMEOUT_MS = 5000;
/** Records per logs request, so the first push after a long outage is not one request of megabytes. */
export const LOGS_PER_REQUEST = 500;

type Signal = 'metrics' | 'logs';

/** Rejects when `signal` aborts: a collect() that never settles must not hold the one push slot forever. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

export function startOtlpExport(options: OtlpExportOptions): OtlpExport {
  const endpoints = otlpEndpoints(options.url);
  if (!(options.intervalMs > 0)) throw new RangeError(`OTLP intervalMs must be positive, not ${options.intervalMs}`);
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxQueued = Math.max(1, Math.floor(options.maxQueuedLogs ?? DEFAULT_MAX_QUEUED_LOGS));
  const startMs = now();

  const queue: EncodedLog[] = [];
  const counts = { sent: 0, failed: 0, droppedLogs: 0 };
  const failing: Record<Signal, boolean> = { metrics: false, logs: false };
  let lastError: string | null = null;
  // Set by stop() when its time is up: the work in flight is cut and no more starts.
  let closing = false;
  const inFlight = new Set<AbortController>();
  let stopped: Promise<void> | null = null;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  const retrying = (): string => `trying again every ${options.intervalMs} ms, keeping up to ${maxQueued} warnings and errors meanwhile`;
  /**
   * Runs one request (or collect()) with its own controller, aborted after timeoutMs or by stop().
   * Not AbortSignal.any([timeout, a long-lived stop signal]): on Node 20 every signal made that way
   * stays referenced by the long-lived one (nodejs/node#55351), a slow leak in a till that runs for weeks.
   */
  async function bounded<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    timer.unref();
    inFlight.add(controller);
    try {
      return await work(controller.signal);
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
  }

  const close = (): void => {
    closing = true;
    for (const controller of inFlight) controller.abort(new DOMException('stopped', 'AbortError'));
  };

  const trim = (): void => {
    while (queue.length > maxQueued) {
      queue.shift();
      counts.droppedLogs += 1;
    }
  };

  const worked = (signal: Signal): void => {
    counts.sent += 1;
    failing[signal] = false;
    if (!failing.metrics && !failing.logs) lastError = null;
  };

  // Reported when the export as a whole goes from working to failing: a collector that is down fails
  // both signals, and that is one problem. A signal that keeps failing (metrics refused with a 400)
  // stays failing while the other works, so it is not reported again each push.
  const failed = (signal: Signal, error: string, outcome: string): void => {
    counts.failed += 1;
    lastError = `${signal}: ${error}`;
    const wasWorking = !failing.metrics && !failing.logs;
    failing[signal] = true;
    if (!wasWorking || closing) return;
    try {
      options.onProblem?.(`OTLP ${signal} export to ${describeUrl(endpoints[signal])} failed (${error}); ${outcome}`);
    } catch {
      // the report is a courtesy; a throwing callback must not break the push
    }
  };

  /** true unless the collector did not answer (then the logs would only wait out their timeout too). */
  async function pushMetrics(): Promise<boolean> {
    let body;
    try {
      body = encodeMetrics(await bounded((signal) => untilAborted(options.collect(), signal)), { resource: options.resource, startMs, nowMs: now() });
    } catch (error) {
      failed('metrics', `collecting them failed: ${describeError(error, timeoutMs)}`, retrying());
      return true;
    }
    if (metricCount(body) === 0) return true;
    const result = await bounded((signal) => postJson(endpoints.metrics, body, signal, timeoutMs, options.headers));
    if (result.ok) worked('metrics');
    // Nothing to keep either way: the next push carries the same totals, newer.
    else failed('metrics', result.error, result.retryable ? retrying() : 'the collector refuses them');
    return result.ok || result.answered;
  }

  async function pushLogs(): Promise<void> {
    // Only what is queued now: a steady trickle of warnings must not keep one push going.
    let budget = queue.length;
    while (budget > 0 && queue.length > 0 && !closing) {
      const batch = queue.splice(0, Math.min(LOGS_PER_REQUEST, budget));
      budget -= batch.length;
      const result = await bounded((signal) => postJson(endpoints.logs, encodeLogs(batch, options.resource), signal, timeoutMs, options.headers));
      if (result.ok) {
        worked('logs');
        continue;
      }
      if (result.retryable) {
        // Back in front, oldest first; anything logged meanwhile is newer, and the bound still holds.
        queue.unshift(...batch);
        trim();
        failed('logs', result.error, retrying());
      } else {
        counts.droppedLogs += batch.length;
        failed('logs', result.error, 'the rejected records are dropped');
      }
      return;
    }
  }

  async function push(): Promise<void> {
    try {
      if (closing) return;
      if (await pushMetrics()) await pushLogs();
    } catch (error) {
      // An encoding bug must not become an unhandled rejection in the till's process.
      lastError = `push: ${describeError(error, timeoutMs)}`;
    }
  }

  function run(): Promise<void> {
    const current: Promise<void> = push().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  }

  /** A push now, or, when one is in flight, one right after it, shared by everyone who asks meanwhile. */
  function request(): Promise<void> {
    if (!running) return run();
    next ??= running.then(() => {
      next = null;
      return run();
    });
    return next;
  }

  const timer = setInterval(() => {
    if (!running) void run();
  }, options.intervalMs);
  timer.unref();

  return {
    log(record) {
      if (stopped) return;
      try {
        queue.push(encodeLogRecord(record, now()));
        trim();
      } catch {
        // a record that cannot be encoded is not worth an exception in the caller's logging
      }
    },
    flush() {
      return stopped ? Promise.resolve() : request();
    },
    stats() {
      return { ...counts, queuedLogs: queue.length, lastError };
    },
    stop() {
      if (stopped) return stopped;
      clearInterval(timer);
      const deadline = setTimeout(close, timeoutMs);
      deadline.unref();
      stopped = request().finally(() => {
        clearTimeout(deadline);
        close();
      });
      return stopped;
    },
  };
}
