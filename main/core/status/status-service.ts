import type { Status } from '../../../preload/contract';
import type { CoreContext } from '../context/context';
import { appInfo } from './app-info';

/** Calls `fn` at most once per `ms`, trailing: bursts of changes become one call. */
export function throttled(fn: () => void, ms = 250): { changed(): void; cancel(): void } {
  let timer: NodeJS.Timeout | null = null;
  let last = 0;
  return {
    changed: () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        fn();
      }, Math.max(0, last + ms - Date.now()));
    },
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

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
  private readonly unsubscribe: (() => void)[] = [];
  private readonly extras: ((status: Status) => Status)[] = [];
  private readonly push: ReturnType<typeof throttled>;

  constructor(
    private readonly ctx: CoreContext,
    minIntervalMs = 250,
  ) {
    this.push = throttled(() => this.ctx.events.emit('status', this.get()), minIntervalMs);
  }

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
      exports: null,
      permissions: null,
      warnings: this.ctx.warnings.list(),
    };
  }

  changed(): void {
    this.push.changed();
  }

  close(): void {
    this.push.cancel();
    this.unsubscribe.forEach((off) => off());
  }
}
