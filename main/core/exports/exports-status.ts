import type { ExportsStatus } from '../../../preload/schemas/exports';
import { WAITING_FOR_CUSTOMER, WAITING_FOR_FAILED_CUSTOMER, type Dispatcher } from '../outbox/dispatcher';
import type { DiskGuard } from '../outbox/disk-guard';
import type { OutboxStore } from '../outbox/outbox-store';
import type { CodedText } from '../context/coded-text';
import { exportTypes, type ExportType } from '../custobar/types';

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/** The export part of the Status view, per type. Counting is cached for a second: a 1M-row backlog stays cheap. */
export class ExportsStatusView {
  private cache: { at: number; value: ExportsStatus } | null = null;
  inbox: ExportsStatus['inbox'] = { dir: '', lastFile: null, lastResult: null, lastResultCode: null, lastResultParams: null };

  constructor(
    private readonly store: OutboxStore,
    private readonly dispatcher: Dispatcher,
    private readonly disk: DiskGuard,
    private readonly configured: () => boolean,
    private readonly schedules: () => Record<string, string>,
    private readonly now: () => number = Date.now,
  ) {}

  invalidate(): void {
    this.cache = null;
  }

  get(): ExportsStatus {
    const now = this.now();
    if (this.cache && now - this.cache.at < 1000) return this.cache.value;
    const paused = this.dispatcher.paused;
    const value: ExportsStatus = {
      configured: this.configured(),
      paused: paused ? { reason: paused.why.text, code: paused.why.code, params: paused.why.params, since: new Date(paused.since).toISOString() } : null,
      disk: this.disk.usage(),
      inbox: this.inbox,
      types: exportTypes.map((type) => {
        const counts = this.store.counts(type);
        const stats = this.store.stats(type);
        const runner = this.dispatcher.runners[type];
        const retry = runner.state.retryAt;
        const next = [runner.state.nextRunAt, retry, runner.continuous && counts.nextDueAt && counts.pending > 0 ? Math.max(now, counts.nextDueAt) : null]
          .filter((t): t is number => t !== null)
          .sort((a, b) => a - b)[0];
        return {
          type,
          schedule: this.schedules()[type] ?? '',
          pending: counts.pending,
          inFlight: counts.inflight,
          dead: counts.dead,
          oldestPendingAt: iso(counts.oldestPendingAt),
          lastSuccessAt: iso(stats.lastSuccessAt),
          // A stored error is shown only while it is newer than the last success.
          ...lastErrorOf(runner.state.lastError ?? (stats.lastErrorAt !== null && (stats.lastSuccessAt === null || stats.lastErrorAt > stats.lastSuccessAt) ? stats.lastError : null)),
          lastErrorAt: iso(stats.lastErrorAt),
          nextRunAt: iso(next),
          running: runner.state.running,
          sentTotal: stats.sentTotal,
          throughputPerMin: runner.throughputPerMin(),
          ...heldCounts(this.store, type),
          draining: runner.state.draining ? { ...runner.state.draining } : null,
        };
      }),
    };
    this.cache = { at: now, value };
    return value;
  }
}

function lastErrorOf(why: CodedText | null): { lastError: string | null; lastErrorCode: string | null; lastErrorParams: CodedText['params'] | null } {
  return { lastError: why?.text ?? null, lastErrorCode: why?.code || null, lastErrorParams: why?.code ? why.params : null };
}

/** Sales and events held back for their customer (only they name customers). */
function heldCounts(store: OutboxStore, type: ExportType): { waitingForCustomer: number; waitingForFailedCustomer: number } {
  if (type !== 'sales' && type !== 'events') return { waitingForCustomer: 0, waitingForFailedCustomer: 0 };
  const held = store.heldForCustomer(type, WAITING_FOR_CUSTOMER, WAITING_FOR_FAILED_CUSTOMER);
  return { waitingForCustomer: held.waiting, waitingForFailedCustomer: held.failed };
}
