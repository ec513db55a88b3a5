import type { Status } from '../../../preload/contract';
import type { CoreContext } from '../context';
import { appInfo } from './app-info';

/** A part of the status that can change on its own (scanner, outbox, …) and says so. */
export interface StatusSource {
  onChange(listener: () => void): () => void;
}

/**
 * Builds the Status snapshot and pushes it as the `status` event. Bursts of changes (a backlog
 * draining thousands of records) are coalesced into at most one event per `minIntervalMs`, so the
 * UI stays smooth and SSE clients are not flooded.
 */
export class StatusService {
  private timer: NodeJS.Timeout | null = null;
  private lastEmit = 0;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly extras: ((status: Status) => Status)[] = [];

  constructor(
    private readonly ctx: CoreContext,
    private readonly minIntervalMs = 250,
  ) {}

  watch(source: StatusSource): void {
    this.unsubscribe.push(source.onChange(() => this.changed()));
  }

  /** Lets a capability add its section to the snapshot. */
  extend(extra: (status: Status) => Status): void {
    this.extras.push(extra);
  }

  get(): Status {
    return this.extras.reduce((status, extra) => extra(status), this.base());
  }

  private base(): Status {
    return {
      app: appInfo(this.ctx),
      custobar: this.ctx.connections.custobar.get(),
      benefits: this.ctx.connections.benefits.get(),
      scanner: { kind: 'none', state: 'disabled', device: null, message: null, since: this.ctx.startedAt.toISOString(), reconnectAttempt: 0, lastScanAt: null },
      warnings: this.ctx.warnings.list(),
    };
  }

  changed(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastEmit + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastEmit = Date.now();
      this.ctx.events.emit('status', this.get());
    }, wait);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe.forEach((off) => off());
  }
}
