import type { Db } from '../db/database';
import { STATE, TYPE_CODE } from '../outbox/codes';
import type { HistoryPoint, HistoryRange, HistorySeries, HistoryTotals } from '../../../preload/schemas/history';

const MINUTE = 60_000;
/** Rows older than this are pruned at every sample. */
export const HISTORY_KEEP_MINUTES = 7 * 24 * 60;
/** The shift on the dashboard: the last 8 hours. A fixed window, so it needs no setting. */
export const SHIFT_MS = 8 * 60 * MINUTE;

const RANGES: Record<HistoryRange, { minutes: number; bucket: number }> = {
  '24h': { minutes: 24 * 60, bucket: 5 },
  '7d': { minutes: HISTORY_KEEP_MINUTES, bucket: 60 },
};

const TYPES = ['customers', 'products', 'sales', 'shops', 'events'] as const;

interface Row {
  queued_customers: number;
  queued_products: number;
  queued_sales: number;
  queued_shops: number;
  queued_events: number;
  failed: number;
  sent: number;
  sent_total: number;
  redemptions: number;
  voids: number;
}

/**
 * Per-minute rollups for the manager dashboard, in SQLite, kept 7 days. A sample reads only
 * counters: outbox_counts (kept by triggers), outbox_stats.sent_total, and the redemption audit
 * rows of one minute (indexed by time), so it costs the same whatever the backlog.
 */
export class History {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes (or rewrites) the current minute's row, refreshes the previous minute's event counts, prunes. */
  sample(): void {
    const at = this.now();
    const minute = Math.floor(at / MINUTE);
    this.db.transaction(() => {
      const counts = this.db.prepare('SELECT type, state, n FROM outbox_counts').all() as { type: number; state: number; n: number }[];
      const queued = (code: number) => counts.filter((c) => c.type === code && c.state !== STATE.dead).reduce((a, c) => a + c.n, 0);
      const failed = counts.filter((c) => c.state === STATE.dead).reduce((a, c) => a + c.n, 0);
      const sentTotal = (this.db.prepare('SELECT coalesce(sum(sent_total), 0) AS n FROM outbox_stats').get() as { n: number }).n;
      const last = this.db.prepare('SELECT minute, sent, sent_total FROM history_minutes WHERE minute <= ? ORDER BY minute DESC LIMIT 1').get(minute) as
        | { minute: number; sent: number; sent_total: number }
        | undefined;
      // Sent = the counter's growth since the last sample, added to this minute's row if it has one.
      // The first row ever has no baseline: what was sent before it is not this minute's.
      const growth = last ? Math.max(0, sentTotal - last.sent_total) : 0;
      const sent = last?.minute === minute ? last.sent + growth : growth;
      const previous = this.db.prepare('SELECT minute FROM history_minutes WHERE minute < ? ORDER BY minute DESC LIMIT 1').get(minute) as { minute: number } | undefined;
      const events = this.eventsIn(minute);
      this.db
        .prepare(
          `INSERT OR REPLACE INTO history_minutes (minute, queued_customers, queued_products, queued_sales, queued_shops, queued_events, failed, sent, sent_total, redemptions, voids)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(minute, ...TYPES.map((t) => queued(TYPE_CODE[t])), failed, sent, sentTotal, events.redemptions, events.voids);
      // A redemption in the seconds after the previous sample belongs to that minute: count it there.
      if (previous) {
        const late = this.eventsIn(previous.minute);
        this.db.prepare('UPDATE history_minutes SET redemptions = ?, voids = ? WHERE minute = ?').run(late.redemptions, late.voids, previous.minute);
      }
      this.db.prepare('DELETE FROM history_minutes WHERE minute < ?').run(minute - HISTORY_KEEP_MINUTES);
    })();
  }

  /** Redemptions committed and voids done in [from, to) (ms), from the redemption audit. */
  private countEvents(from: number, to: number): { redemptions: number; voids: number } {
    const row = this.db
      .prepare(
        `SELECT
           (SELECT count(*) FROM redemption_audit WHERE at >= @from AND at < @to AND action = 'redeem' AND outcome LIKE 'committed%') AS redemptions,
           (SELECT count(*) FROM redemption_audit WHERE at >= @from AND at < @to AND action = 'void' AND outcome = 'voided') AS voids`,
      )
        .get({ from, to }) as { redemptions: number; voids: number };
    return row;
  }

  private eventsIn(minute: number): { redemptions: number; voids: number } {
    return this.countEvents(minute * MINUTE, (minute + 1) * MINUTE);
  }

  series(range: HistoryRange): HistorySeries {
    const { minutes, bucket } = RANGES[range];
    const to = Math.floor(this.now() / MINUTE);
    const rows = this.db
      .prepare(
        `SELECT (minute / CAST(@bucket AS INTEGER)) * @bucket AS bucket_start,
           max(queued_customers) AS queued_customers, max(queued_products) AS queued_products, max(queued_sales) AS queued_sales,
           max(queued_shops) AS queued_shops, max(queued_events) AS queued_events, max(failed) AS failed,
           sum(sent) AS sent, max(sent_total) AS sent_total, sum(redemptions) AS redemptions, sum(voids) AS voids
         FROM history_minutes WHERE minute > @from AND minute <= @to GROUP BY minute / CAST(@bucket AS INTEGER) ORDER BY bucket_start`,
      )
      .all({ bucket, from: to - minutes, to }) as (Row & { bucket_start: number })[];
    return {
      range,
      bucketMinutes: bucket,
      from: new Date((to - minutes) * MINUTE).toISOString(),
      to: new Date(this.now()).toISOString(),
      points: rows.map(
        (r): HistoryPoint => ({
          at: new Date(r.bucket_start * MINUTE).toISOString(),
          queued: { customers: r.queued_customers, products: r.queued_products, sales: r.queued_sales, shops: r.queued_shops, events: r.queued_events },
          failed: r.failed,
          sent: r.sent,
          redemptions: r.redemptions,
          voids: r.voids,
        }),
      ),
    };
  }

  /** The day (from dayStart, the store's midnight) and the shift (the last 8 hours), read from the audit itself. */
  totals(dayStart: number): HistoryTotals {
    const at = this.now();
    const shiftStart = at - SHIFT_MS;
    return {
      day: { since: new Date(dayStart).toISOString(), ...this.countEvents(dayStart, at + 1) },
      shift: { since: new Date(shiftStart).toISOString(), ...this.countEvents(shiftStart, at + 1) },
    };
  }
}

/** Samples now and then once every intervalMs (a minute; tests shorten it) until stopped. */
export function startSampler(history: History, intervalMs = MINUTE, onError: (error: unknown) => void = () => undefined): () => void {
  const tick = () => {
    try {
      history.sample();
    } catch (error) {
      onError(error);
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
