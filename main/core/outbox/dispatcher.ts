import { setMaxListeners } from 'node:events';
import type { Settings } from '../../../preload/contract';
import type { CustobarClient } from '../custobar/client';
import type { Outcome } from '../custobar/classify';
import type { Logger } from '../logging/logger';
import { delayFor, type RetryPolicy } from '../common/retry';
import type { ConnectionTracker } from '../context/connection';
import { coded, type CodedText } from '../context/coded-text';
import { exportTypes, type CustobarRecord, type ExportType } from '../custobar/types';
import type { OutboxRow, OutboxStore } from './outbox-store';
import { TypeRunner } from './type-runner';
import type { MetricsRecorder } from '../context/metrics-recorder';

export interface DispatcherDeps {
  store: OutboxStore;
  client: () => CustobarClient | null;
  settings: () => Settings['exports'];
  timeZone: () => string;
  connection: ConnectionTracker;
  logger: Logger;
  onChange: () => void;
  now?: () => number;
  /** Backoff between retries; tests shorten it. */
  retry?: RetryPolicy;
  /** Fleet metrics: records delivered and records whose delivery failed. */
  metrics?: Pick<MetricsRecorder, 'sent' | 'failed'>;
}

/** Stops a run; the records still in flight go back to waiting, to be retried after `delayMs`. */
class Stop extends Error {
  constructor(
    readonly why: CodedText,
    readonly delayMs: number,
    readonly countAttempt = true,
  ) {
    super(why.text);
  }
}

const RETRY: RetryPolicy = { initialMs: 1000, maxMs: 5 * 60_000, jitter: 0.5 };
/** How long a sale or event waits before looking again for its customer to be delivered. */
const HOLD_FOR_CUSTOMER_MS = 1000;
/** …and for a customer parked as failed, which only the manager's fix (or the wait running out) moves. */
const HOLD_FOR_FAILED_CUSTOMER_MS = 30_000;
/**
 * A sale or event leaves at the earliest this long after it arrived: a POS that posts a receipt's
 * sale first and its new customer a moment later (the same second) still gets the customer there first.
 */
export const SETTLE_MS = 1000;
const settles = (type: ExportType): boolean => type === 'sales' || type === 'events';
/** The reasons a held row carries; the Status view counts rows by them. */
export const WAITING_FOR_CUSTOMER = 'waiting for its customer to be sent first';
export const WAITING_FOR_FAILED_CUSTOMER = 'waiting for its customer, which Custobar refused (see Failed records)';

/** The dispatcher's own reasons (the outcome's come from classify); the UI words each code. */
export const DISPATCH_REASON_CODES = ['custobar_unconfigured', 'record_refused', 'dispatch_failed'] as const;
const NOT_CONFIGURED = coded('custobar_unconfigured', 'Custobar is not configured (address and token).');

/** The outbox keys of the customers a sale or event names: by id, by phone or by e-mail. */
function customerKeysOf(type: ExportType, record: CustobarRecord): string[] {
  const [id, phone, email] =
    type === 'sales' ? [record.sale_customer_id, record.sale_phone_number, record.sale_email] : type === 'events' ? [record.customer_id, record.phone_number, record.email] : [];
  const keys: string[] = [];
  if (typeof id === 'string' && id) keys.push(id);
  if (typeof phone === 'string' && phone) keys.push(`phone:${phone}`);
  if (typeof email === 'string' && email) keys.push(`email:${email}`);
  return keys;
}

/**
 * Sends the outbox to Custobar, one runner per type. A batch Custobar refuses (400) is bisected until
 * only the bad records are left, and those go to the dead-letter lane; everything else keeps
 * flowing. Network errors, 5xx and 429 are retried with backoff (Retry-After honoured); refused
 * credentials pause all dispatch until the manager fixes them.
 */
export class Dispatcher {
  readonly runners: Record<ExportType, TypeRunner>;
  paused: { why: CodedText; since: number } | null = null;
  private readonly now: () => number;
  /** Aborted at stop: a request waiting on the throttle or on the wire must not hold up a quit. */
  private readonly stopping = new AbortController();
  /**
   * Records whose return to waiting the disk refused (full): in flight in the database, on the wire
   * nowhere. They go back before the next claim; without this only a restart would send them again.
   */
  private unreleased: { seqs: number[]; delayMs: number; error: string | null; countAttempt: boolean }[] = [];

  constructor(private readonly deps: DispatcherDeps) {
    this.now = deps.now ?? Date.now;
    // One listener per request on the wire or waiting on the throttle, for each type.
    setMaxListeners(50, this.stopping.signal);
    this.runners = Object.fromEntries(
      exportTypes.map((type) => [type, new TypeRunner(type, (runner) => this.drain(runner), deps.logger.child(type), deps.onChange, this.now)]),
    ) as Record<ExportType, TypeRunner>;
  }

  /** (Re)applies the schedules from settings. */
  applySchedules(): void {
    const { schedules } = this.deps.settings();
    for (const type of exportTypes) this.runners[type].schedule(schedules[type], this.deps.timeZone());
  }

  kick(type: ExportType): void {
    this.runners[type].kick();
  }

  /** "Send now": clears a pause and runs the given types at once, whatever their schedule. */
  async sendNow(types: readonly ExportType[] = exportTypes): Promise<void> {
    this.resume();
    await Promise.all(types.map((t) => this.runners[t].run()));
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = null;
    this.deps.onChange();
  }

  private pause(why: CodedText): void {
    this.paused = { why, since: this.now() };
    this.deps.logger.warn(`dispatch paused: ${why.text}`);
    this.deps.onChange();
  }

  /** Back to waiting; if the disk refuses, kept here and tried again at the next drain (see `unreleased`). */
  private release(seqs: number[], delayMs: number, error: string | null, countAttempt = true): void {
    if (seqs.length === 0) return;
    try {
      this.deps.store.release(seqs, delayMs, error, countAttempt);
    } catch (refused) {
      this.unreleased.push({ seqs, delayMs, error, countAttempt });
      this.deps.logger.warn(`${seqs.length} record(s) could not go back to waiting; they will once the database can be written again`, { error: refused });
    }
  }

  /** Returns the records a full disk kept in flight; throws while it still refuses (nothing else can be written either). */
  private releaseLeftOvers(): void {
    while (this.unreleased.length > 0) {
      const { seqs, delayMs, error, countAttempt } = this.unreleased[0]!;
      this.deps.store.release(seqs, delayMs, error, countAttempt);
      this.unreleased.shift();
    }
  }

  private async drain(runner: TypeRunner): Promise<void> {
    const { store } = this.deps;
    const type = runner.type;
    this.releaseLeftOvers();
    while (!this.paused && !this.stopping.signal.aborted) {
      const client = this.deps.client();
      if (!client?.configured) {
        runner.state.lastError = NOT_CONFIGURED;
        return;
      }
      const arrivedBy = settles(type) ? this.now() - SETTLE_MS : Number.MAX_SAFE_INTEGER;
      let rows = store.claim(type, this.deps.settings().batchSize, arrivedBy);
      if (rows.length === 0) {
        // Rows still settling: look again when the oldest of them is old enough (unless a retry comes sooner).
        const young = settles(type) ? store.firstArrivedAfter(type, arrivedBy) : null;
        if (young !== null && (runner.state.retryAt === null || young + SETTLE_MS < runner.state.retryAt)) runner.retryAt(young + SETTLE_MS);
        return;
      }
      runner.state.draining ??= { total: store.counts(type).pending + rows.length, done: 0 };
      // Parsed once: the customers they name now, the upload below.
      const records = new Map(rows.map((r) => [r.seq, JSON.parse(r.payload) as CustobarRecord]));
      const named = new Map(rows.map((r) => [r.seq, customerKeysOf(type, records.get(r.seq)!)]));
      const customers = store.claimKeys('customers', [...new Set([...named.values()].flat())]);
      // A customer still waiting here (in flight in another batch, or backing off) goes first: the
      // rows naming it wait a moment, so Custobar never gets a sale or event before its customer.
      // A customer Custobar refused holds them too, for the setting's time, so a quick fix keeps the order.
      const failedSince = this.now() - this.deps.settings().failedCustomerWaitMinutes * 60_000;
      const { waiting, failed } = store.waitingKeys('customers', [...new Set([...named.values()].flat())], customers.map((c) => c.seq), failedSince);
      const forFailed = rows.filter((r) => named.get(r.seq)!.some((k) => failed.has(k)) && !named.get(r.seq)!.some((k) => waiting.has(k)));
      const held = rows.filter((r) => named.get(r.seq)!.some((k) => waiting.has(k) || failed.has(k)));
      if (held.length > 0) {
        this.release(held.filter((r) => !forFailed.includes(r)).map((r) => r.seq), HOLD_FOR_CUSTOMER_MS, WAITING_FOR_CUSTOMER, false);
        this.release(forFailed.map((r) => r.seq), HOLD_FOR_FAILED_CUSTOMER_MS, WAITING_FOR_FAILED_CUSTOMER, false);
        rows = rows.filter((r) => !held.includes(r));
        runner.retryAt(this.now() + HOLD_FOR_CUSTOMER_MS);
        if (rows.length === 0 && customers.length === 0) return;
      }
      try {
        if (customers.length > 0) await this.sendBatch(client, this.runners.customers, customers);
        if (rows.length > 0) await this.sendBatch(client, runner, rows, records);
        runner.state.lastError = null;
      } catch (error) {
        // Whatever is still in flight (not acked, not dead-lettered) waits again; on a crash instead,
        // recoverInflight() does the same at the next start.
        this.release([...customers, ...rows].map((r) => r.seq), error instanceof Stop ? error.delayMs : 5000, (error as Error).message, !(error instanceof Stop) || error.countAttempt);
        if (!(error instanceof Stop)) throw error;
        runner.state.lastError = error.why;
        if (error.delayMs > 0) runner.retryAt(this.now() + error.delayMs);
        store.recordError(type, error.why);
        return;
      }
    }
  }

  /** Sends rows (`parsed`: their payloads, already parsed); acked rows leave the queue, refused ones are isolated by bisection. Throws Stop. */
  private async sendBatch(client: CustobarClient, runner: TypeRunner, rows: OutboxRow[], parsed?: ReadonlyMap<number, CustobarRecord>): Promise<void> {
    const { store, connection } = this.deps;
    const outcome: Outcome = await client.upload(runner.type, rows.map((r) => parsed?.get(r.seq) ?? (JSON.parse(r.payload) as CustobarRecord)), this.stopping.signal);
    switch (outcome.kind) {
      case 'ok':
        store.ack(runner.type, rows.map((r) => r.seq));
        runner.recordSent(rows.length);
        this.deps.metrics?.sent(runner.type, rows.length);
        connection.report('online');
        return;
      case 'rejected':
        connection.report('online');
        if (rows.length === 1) {
          store.deadLetter(rows[0]!.seq, outcome.reason);
          this.deps.metrics?.failed(runner.type, 1);
          const key = rows[0]!.record_key;
          store.recordError(runner.type, coded('record_refused', `record ${key} refused: ${outcome.reason}`, { key, detail: outcome.reason }));
          this.deps.logger.warn(`${runner.type} ${rows[0]!.record_key} moved to dead letters: ${outcome.reason}`);
          return;
        }
        await this.sendBatch(client, runner, rows.slice(0, Math.ceil(rows.length / 2)), parsed);
        await this.sendBatch(client, runner, rows.slice(Math.ceil(rows.length / 2)), parsed);
        return;
      case 'retry': {
        this.deps.metrics?.failed(runner.type, rows.length);
        connection.report(outcome.offline ? 'offline' : 'online', outcome.offline ? outcome.why : null);
        const attempts = Math.max(...rows.map((r) => r.attempts));
        throw new Stop(outcome.why, delayFor(attempts, this.deps.retry ?? RETRY, outcome.retryAfterMs));
      }
      case 'auth':
        this.deps.metrics?.failed(runner.type, rows.length);
        connection.report('unauthorized', outcome.why);
        this.pause(outcome.why);
        throw new Stop(outcome.why, 0, false);
      case 'config':
        this.deps.metrics?.failed(runner.type, rows.length);
        connection.report('offline', outcome.why);
        this.pause(outcome.why);
        throw new Stop(outcome.why, 0, false);
    }
  }

  /** Stops every runner; records still in flight go back to waiting (an upsert when resent). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(exportTypes.map((t) => this.runners[t].stop()));
  }
}
