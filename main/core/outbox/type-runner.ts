import { Cron } from 'croner';
import type { Logger } from '../logging/logger';
import type { ExportType } from '../custobar/types';
import { coded, type CodedText } from '../context/coded-text';

/**
 * When one data type is sent: on a cron schedule in the store's time zone, or "continuous" (soon
 * after records arrive), plus retries at the time the backoff chose and "send now".
 */
export interface RunnerState {
  running: boolean;
  nextRunAt: number | null;
  retryAt: number | null;
  draining: { total: number; done: number } | null;
  lastError: CodedText | null;
}

export class TypeRunner {
  readonly state: RunnerState = { running: false, nextRunAt: null, retryAt: null, draining: null, lastError: null };
  private cron: Cron | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private kickTimer: NodeJS.Timeout | null = null;
  private poll: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly sent: { at: number; n: number }[] = [];

  constructor(
    readonly type: ExportType,
    private readonly work: (runner: TypeRunner) => Promise<void>,
    private readonly logger: Logger,
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  schedule(spec: string, timeZone: string): void {
    this.cron?.stop();
    this.cron = null;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    if (spec === 'continuous') {
      // Picks up retries that came due and anything enqueued while a run was busy.
      this.poll = setInterval(() => this.run(), 5000);
      this.poll.unref();
      this.state.nextRunAt = null;
      this.run();
    } else {
      this.cron = new Cron(spec, { timezone: timeZone, protect: true }, () => this.run());
      this.state.nextRunAt = this.cron.nextRun()?.getTime() ?? null;
    }
    this.onChange();
  }

  get continuous(): boolean {
    return this.poll !== null;
  }

  /** New records arrived: in continuous mode, send shortly (a short delay gathers a bigger batch). */
  kick(): void {
    if (!this.continuous || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      this.run();
    }, 200);
  }

  retryAt(at: number): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.state.retryAt = at;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.state.retryAt = null;
      this.run();
    }, Math.max(0, at - this.now()));
    this.retryTimer.unref();
    this.onChange();
  }

  /** Runs now, or right after the current run if one is busy. */
  run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.state.running = true;
    this.onChange();
    this.current = this.work(this)
      .catch((error: unknown) => {
        this.state.lastError = coded('dispatch_failed', (error as Error).message, { detail: (error as Error).message });
        this.logger.error(`dispatch of ${this.type} failed`, { error });
      })
      .finally(() => {
        this.current = null;
        this.state.running = false;
        this.state.draining = null;
        this.state.nextRunAt = this.cron?.nextRun()?.getTime() ?? null;
        this.onChange();
        if (this.again && !this.stopped) {
          this.again = false;
          void this.run();
        }
      });
    return this.current;
  }

  recordSent(n: number): void {
    const at = this.now();
    this.sent.push({ at, n });
    while (this.sent.length > 0 && this.sent[0]!.at < at - 60_000) this.sent.shift();
    if (this.state.draining) this.state.draining.done += n;
  }

  /** Records sent during the last minute. */
  throughputPerMin(): number {
    const since = this.now() - 60_000;
    return this.sent.filter((s) => s.at >= since).reduce((sum, s) => sum + s.n, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cron?.stop();
    for (const t of [this.retryTimer, this.kickTimer]) if (t) clearTimeout(t);
    if (this.poll) clearInterval(this.poll);
    await this.current;
  }
}
