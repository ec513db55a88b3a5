import { randomUUID } from 'node:crypto';
import type { Settings } from '../../../preload/contract';
import type { RedemptionView } from '../../../preload/schemas/checkout';
import { CompanionError } from '../common/errors';
import { formatInZone, toZonedIso } from '../common/dates';
import type { Logger } from '../logging/logger';
import { maskPhone } from '../logging/redact';
import { RetrySchedule, type RetryPolicy } from '../common/retry';
import type { ConnectionTracker } from '../context/connection';
import type { Warnings } from '../context/warnings';
import type { BenefitsClient } from './benefits-client';
import type { RedemptionRow, RedemptionStore } from './redemption-store';
import type { MetricsRecorder } from '../context/metrics-recorder';

export interface RedemptionDeps {
  store: RedemptionStore;
  client: () => BenefitsClient | null;
  settings: () => Settings;
  ids: () => { shopId: string; tillId: string };
  connection: ConnectionTracker;
  warnings: Warnings;
  /** Every committed redemption (and void) also goes to Custobar as an event, through the outbox. */
  exportEvent: (record: Record<string, unknown>) => void;
  logger: Logger;
  onChange: (view: RedemptionView) => void;
  /** Fleet metrics: each redemption's outcome, counted once when it is reached. */
  metrics?: Pick<MetricsRecorder, 'redemption'>;
  now?: () => number;
}

export interface RedeemRequest {
  checkoutId: string;
  benefit: { id: string; title: string; kind: string };
  phone: string;
  firstName?: string | null;
  customerId: string | null;
  cardId: string | null;
}

const RETRY: RetryPolicy = { initialMs: 500, maxMs: 15_000, jitter: 0.3 };

/**
 * Redemptions, exactly once. Each is written to SQLite (state pending, with an idempotency key made
 * once, here) before the first request. A timeout or lost reply is retried with the same key until
 * the outcome is known — also after the cashier moved on, and after a restart. The benefits service
 * replays its first answer for a known key, so a retry can never redeem twice.
 */
const CANCELLED_BEFORE_SENDING = 'Cancelled at the till before it was sent.';
const REFUSED_OFFLINE = 'No connection to the benefits service: benefits cannot be redeemed while offline.';

/**
 * Why a redemption was refused, as a code the UI words itself. The store keeps the English reason
 * (rows written before the code existed have only that), so the code is read from it: the till's own
 * two reasons, or `refused` when the reason is the benefits service's own words.
 */
function reasonCodeOf(row: Pick<RedemptionRow, 'state' | 'reason'>): string | null {
  if (row.state !== 'rejected' || !row.reason) return null;
  if (row.reason === CANCELLED_BEFORE_SENDING) return 'cancelled';
  if (row.reason === REFUSED_OFFLINE) return 'offline_refused';
  return 'refused';
}

export class Redemptions {
  private readonly busy = new Map<string, Promise<void>>();
  /** When each open redemption (key: its id) or void (key: `void:<id>`) may be retried. */
  private readonly retries: RetrySchedule<string>;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: RedemptionDeps) {
    this.now = deps.now ?? Date.now;
    this.retries = new RetrySchedule(RETRY, this.now);
  }

  start(): void {
    this.timer = setInterval(() => this.resolveOpen(), 1000);
    this.timer.unref();
    this.resolveOpen();
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    return Promise.all(this.busy.values()).then(() => undefined);
  }

  view(row: RedemptionRow): RedemptionView {
    return {
      id: row.id,
      checkoutId: row.checkout_id,
      benefitId: row.benefit_id,
      benefitTitle: row.benefit_title,
      benefitKind: row.benefit_kind,
      state: row.state,
      offline: row.offline === 1,
      cancelRequested: row.cancel_requested === 1,
      reason: row.reason,
      reasonCode: reasonCodeOf(row),
      remoteId: row.remote_id,
      createdAt: new Date(row.created_at).toISOString(),
      maskedPhone: maskPhone(row.phone),
      firstName: row.first_name ?? null,
      tillId: row.till_id,
      voidState: row.void_state,
      voidReason: row.void_reason,
    };
  }

  /** Start of today in the store's time zone. */
  startOfDay(): number {
    const tz = this.deps.settings().general.storeTimeZone;
    const day = formatInZone(this.now(), tz).slice(0, 10);
    const midnight = toZonedIso(`${day} 00:00`, tz);
    return midnight.ok ? Date.parse(midnight.value) : this.now() - 86_400_000;
  }

  today(): RedemptionView[] {
    return this.deps.store.since(this.startOfDay()).map((r) => this.view(r));
  }

  async redeem(request: RedeemRequest): Promise<RedemptionView> {
    const { store } = this.deps;
    const existing = store.active(request.checkoutId, request.benefit.id);
    if (existing) return this.view(existing); // a double click or a double scan: one redemption
    const { shopId, tillId } = this.deps.ids();
    const id = randomUUID();
    if (this.deps.connection.isOffline()) {
      const allowance = this.deps.settings().benefits.offline[request.benefit.kind as 'percent'];
      const used = store.offlineCount(request.benefit.kind, this.startOfDay());
      if (!allowance?.allow || used >= allowance.cap) {
        const reason = !allowance?.allow ? REFUSED_OFFLINE : `No connection to the benefits service, and today's limit of ${allowance.cap} offline redemptions of this kind is used up.`;
        store.audit({ id, till_id: tillId, benefit_id: request.benefit.id }, 'redeem', `blocked offline: ${reason}`);
        // The code (and the limit) let the UI say it in the cashier's language.
        throw new CompanionError('unavailable', reason, !allowance?.allow ? { reasonCode: 'offline_refused' } : { reasonCode: 'offline_cap', params: { cap: allowance.cap } });
      }
    }
    const row = store.insert({
      id,
      idempotency_key: randomUUID(),
      checkout_id: request.checkoutId,
      benefit_id: request.benefit.id,
      benefit_title: request.benefit.title,
      benefit_kind: request.benefit.kind,
      phone: request.phone,
      first_name: request.firstName?.trim() || null,
      customer_id: request.customerId,
      card_id: request.cardId,
      shop_id: shopId,
      till_id: tillId,
      // Fixed now: every retry must send the identical body, or the service answers 422.
      redeemed_at: formatInZone(this.now(), this.deps.settings().general.storeTimeZone),
      state: 'pending',
      offline: this.deps.connection.isOffline() ? 1 : 0,
    });
    store.audit(row, 'redeem', row.offline ? 'queued offline' : 'attempt');
    if (row.offline) this.deps.metrics?.redemption('offline_queued');
    this.emit(row);
    if (!row.offline) await this.attempt(row.id);
    return this.view(store.get(row.id)!);
  }

  /** The cashier gives up waiting. The outcome is still found out; if it was committed, it is voided. */
  cancel(id: string): RedemptionView {
    const row = this.mustGet(id);
    if (row.state !== 'pending') throw new CompanionError('conflict', `This redemption is already ${row.state}.`, { reasonCode: 'redemption_not_pending', params: { state: row.state } });
    if (row.attempts === 0 && row.offline) {
      const done = this.deps.store.update(id, { state: 'rejected', reason: CANCELLED_BEFORE_SENDING });
      this.deps.store.audit(done, 'cancel', 'cancelled before sending');
      return this.emit(done);
    }
    const marked = this.deps.store.update(id, { cancel_requested: 1 });
    this.deps.store.audit(marked, 'cancel', 'outcome still unknown; will be voided if it was committed');
    return this.emit(marked);
  }

  async void(id: string, reason: string): Promise<RedemptionView> {
    const row = this.mustGet(id);
    if (row.state !== 'committed') throw new CompanionError('conflict', `Only a completed redemption can be voided (this one is ${row.state}).`, { reasonCode: 'void_not_committed', params: { state: row.state } });
    if (row.void_state !== 'pending') {
      const marked = this.deps.store.update(id, { void_key: randomUUID(), void_reason: reason, void_state: 'pending' });
      this.deps.store.audit(marked, 'void', `attempt: ${reason}`);
      this.emit(marked);
    }
    await this.attemptVoid(id);
    return this.view(this.mustGet(id));
  }

  private mustGet(id: string): RedemptionRow {
    const row = this.deps.store.get(id);
    if (!row) throw new CompanionError('not_found', `Redemption ${id} not found.`);
    return row;
  }

  private emit(row: RedemptionRow): RedemptionView {
    const view = this.view(row);
    this.deps.onChange(view);
    return view;
  }

  /** One request at a time per redemption; outcomes move the state machine. */
  private attempt(id: string): Promise<void> {
    return this.once(`r:${id}`, async () => {
      const row = this.mustGet(id);
      if (row.state !== 'pending') return;
      const client = this.deps.client();
      if (!client) return this.retryLater(row, 'the benefits service is not configured');
      const outcome = await client.redeem(row.benefit_id, row.idempotency_key, { phone_number: row.phone, shop_id: row.shop_id, till_id: row.till_id, redeemed_at: row.redeemed_at });
      const { store, connection } = this.deps;
      switch (outcome.kind) {
        case 'ok': {
          connection.report('online');
          const done = this.commitWithEvent(row, this.deps.settings().benefits.eventType, () => {
            const committed = store.update(id, { state: 'committed', remote_id: outcome.value.id, reason: null }, true);
            store.audit(committed, 'redeem', `committed as ${outcome.value.id}`);
            return committed;
          });
          if (!done) return;
          this.retries.clear(id);
          this.deps.metrics?.redemption('committed');
          this.emit(done);
          if (done.cancel_requested) await this.void(id, 'Cancelled at the till').catch(() => undefined);
          return;
        }
        case 'conflict':
        case 'not_found':
        case 'refused':
        case 'unauthorized': {
          connection.report(outcome.kind === 'unauthorized' ? 'unauthorized' : 'online', outcome.kind === 'unauthorized' ? outcome.why : null);
          const done = store.update(id, { state: 'rejected', reason: outcome.reason }, true);
          store.audit(done, 'redeem', `rejected: ${outcome.reason}`);
          this.retries.clear(id);
          // Refused after the till gave it offline: the customer already has the discount.
          this.deps.metrics?.redemption(done.offline ? 'conflict' : 'rejected');
          if (done.offline) this.deps.warnings.raise('offline_conflict', 'An offline redemption was refused when it was sent later: see Status → Redemption conflicts.');
          this.emit(done);
          return;
        }
        case 'unreachable':
          connection.report('offline', outcome.why);
          if (!row.offline && row.attempts === 0) {
            // Certainly never arrived, and this till believed it was online: apply the offline policy now.
            const allowance = this.deps.settings().benefits.offline[row.benefit_kind as 'percent'];
            if (!allowance?.allow || store.offlineCount(row.benefit_kind, this.startOfDay()) >= allowance.cap) {
              const done = store.update(id, { state: 'rejected', reason: REFUSED_OFFLINE }, true);
              store.audit(done, 'redeem', 'rejected: offline');
              this.deps.metrics?.redemption('rejected');
              this.emit(done);
              return;
            }
            store.update(id, { offline: 1 });
            store.audit(row, 'redeem', 'queued offline');
            this.deps.metrics?.redemption('offline_queued');
          }
          return this.retryLater(store.get(id)!, outcome.reason);
        case 'unknown':
          connection.report('offline', outcome.why);
          store.audit(row, 'redeem', `outcome unknown (${outcome.reason}); retrying with the same key`);
          return this.retryLater(store.update(id, {}, true), outcome.reason);
      }
    });
  }

  private attemptVoid(id: string): Promise<void> {
    return this.once(`v:${id}`, async () => {
      const row = this.mustGet(id);
      if (row.void_state !== 'pending' || !row.remote_id || !row.void_key) return;
      const client = this.deps.client();
      if (!client) return this.retryLater(row, 'the benefits service is not configured', 'void');
      const outcome = await client.void(row.remote_id, row.void_key, row.void_reason ?? 'void');
      const { store } = this.deps;
      if (outcome.kind === 'ok' || (outcome.kind === 'conflict' && /already voided/i.test(outcome.reason))) {
        this.deps.connection.report('online');
        const done = this.commitWithEvent(row, 'BENEFIT_VOIDED', () => {
          const voided = store.update(id, { state: 'voided', void_state: 'done' });
          store.audit(voided, 'void', 'voided');
          return voided;
        });
        if (!done) return;
        this.retries.clear(`void:${id}`);
        this.deps.metrics?.redemption('voided');
        this.emit(done);
        return;
      }
      if (outcome.kind === 'unknown' || outcome.kind === 'unreachable') {
        this.deps.connection.report('offline', outcome.why);
        store.audit(row, 'void', `outcome unknown (${outcome.reason}); retrying`);
        return this.retryLater(row, outcome.reason, 'void');
      }
      const failed = store.update(id, { void_state: null, void_key: null });
      store.audit(failed, 'void', `refused: ${outcome.reason}`);
      this.emit(failed);
      throw new CompanionError('conflict', `The void was refused: ${outcome.reason}`, { reasonCode: 'void_refused', params: { detail: outcome.reason } });
    });
  }

  private retryLater(row: RedemptionRow, reason: string, what: 'redeem' | 'void' = 'redeem'): void {
    const key = what === 'void' ? `void:${row.id}` : row.id;
    this.retries.later(key, row.attempts);
    this.deps.logger.debug(`${what} ${row.id} not settled (${reason}); will retry`);
    this.emit(row);
  }

  /** Background: settles every redemption and void whose outcome is still open, when its retry is due. */
  private resolveOpen(): void {
    for (const row of this.deps.store.open()) {
      if (row.state === 'pending' && this.retries.isDue(row.id)) void this.attempt(row.id).catch(() => undefined);
      if (row.void_state === 'pending' && this.retries.isDue(`void:${row.id}`)) void this.attemptVoid(row.id).catch(() => undefined);
    }
  }

  private once(key: string, run: () => Promise<void>): Promise<void> {
    const running = this.busy.get(key);
    if (running) return running;
    const p = run().finally(() => this.busy.delete(key));
    this.busy.set(key, p);
    return p;
  }

  /**
   * The new state and its Custobar event, in one transaction: a crash or a full outbox can no longer
   * leave a committed redemption without its event. If the event cannot be queued, nothing changes
   * here and the request is tried again later with the same idempotency key, which the benefits
   * service answers with the same result. Returns null in that case.
   */
  private commitWithEvent(row: RedemptionRow, type: string, change: () => RedemptionRow): RedemptionRow | null {
    try {
      return this.deps.store.transaction(() => {
        const changed = change();
        this.deps.exportEvent(this.eventOf(changed, type));
        return changed;
      });
    } catch (error) {
      const reason = `its Custobar event could not be queued (${(error as Error).message})`;
      this.deps.logger.warn(`redemption ${row.id}: ${reason}; it stays pending and is tried again`, { error });
      this.deps.warnings.raise('redemption_event', `A redemption could not be recorded with its Custobar event (${(error as Error).message}); it is tried again.`, { error: (error as Error).message });
      this.retryLater(this.deps.store.get(row.id)!, reason, type === 'BENEFIT_VOIDED' ? 'void' : 'redeem');
      return null;
    }
  }

  private eventOf(row: RedemptionRow, type: string): Record<string, unknown> {
    return {
      type,
      date: row.redeemed_at,
      ...(row.customer_id && /^[A-Za-z0-9-]+$/.test(row.customer_id) ? { customer_id: row.customer_id } : { phone_number: row.phone }),
      external_id: `${type === 'BENEFIT_VOIDED' ? 'void' : 'redemption'}-${row.id}`,
      benefit_id: row.benefit_id,
      redemption_id: row.remote_id ?? row.id,
      shop_id: row.shop_id,
      till_id: row.till_id,
    };
  }
}
