import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/database';
import { History, HISTORY_KEEP_MINUTES, startSampler } from '../../../main/core/history/history';
import { OutboxStore } from '../../../main/core/outbox/outbox-store';
import { tempDir } from '../../helpers/service-process';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 8, 0, 0);

function setup() {
  const clock = { t: T0 };
  const now = () => clock.t;
  const db = openDatabase(path.join(tempDir(), 'till.db'));
  const store = new OutboxStore(db, now);
  const history = new History(db, now);
  const audit = (action: string, outcome: string) =>
    db.prepare("INSERT INTO redemption_audit (at, redemption_id, till_id, benefit_id, action, outcome) VALUES (?, 'r', 'T1', 'b', ?, ?)").run(clock.t, action, outcome);
  const rows = () => db.prepare('SELECT * FROM history_minutes ORDER BY minute').all() as Record<string, number>[];
  const enqueue = (type: 'sales' | 'customers', n: number, prefix: string) =>
    store.enqueue(Array.from({ length: n }, (_, i) => ({ type, key: `${prefix}${i}`, record: { external_id: `${prefix}${i}` } })));
  return { clock, db, store, history, audit, rows, enqueue };
}

describe('dashboard history (per-minute rollups in SQLite)', () => {
  it('samples queue depth per type, failures, records sent since the previous minute, redemptions and voids', () => {
    const { clock, store, history, audit, rows, enqueue } = setup();
    enqueue('sales', 5, 'S');
    enqueue('customers', 2, 'C');
    store.ack('sales', store.claim('sales', 1).map((r) => r.seq)); // sent before the first sample: not counted
    enqueue('sales', 1, 'X');
    history.sample();
    expect(rows()).toEqual([
      expect.objectContaining({ minute: T0 / MIN, queued_sales: 5, queued_customers: 2, queued_products: 0, failed: 0, sent: 0, sent_total: 1, redemptions: 0, voids: 0 }),
    ]);
    // The first minute counts what is sent after its first sample.
    clock.t += 10_000;
    store.ack('sales', store.claim('sales', 1).map((r) => r.seq));
    enqueue('sales', 1, 'Y');
    history.sample();
    expect(rows()).toEqual([expect.objectContaining({ minute: T0 / MIN, queued_sales: 5, sent: 1, sent_total: 2 })]);

    // Next minute: 3 sales sent, one customer refused, two redemptions committed, one voided, one rejected.
    clock.t += MIN - 5_000;
    const sales = store.claim('sales', 3);
    store.ack('sales', sales.map((r) => r.seq));
    const [bad] = store.claim('customers', 1);
    store.deadLetter(bad!.seq, 'HTTP 400');
    audit('redeem', 'committed as X1');
    audit('redeem', 'committed as X2');
    audit('redeem', 'rejected: used up');
    audit('void', 'attempt: wrong customer');
    audit('void', 'voided');
    history.sample();
    const second = rows()[1]!;
    expect(second).toMatchObject({ minute: T0 / MIN + 1, queued_sales: 2, queued_customers: 1, failed: 1, sent: 3, sent_total: 5, redemptions: 2, voids: 1 });

    // Sampling again in the same minute rewrites its row, without counting the sends twice.
    clock.t += 20_000;
    store.ack('sales', store.claim('sales', 1).map((r) => r.seq));
    history.sample();
    expect(rows()).toHaveLength(2);
    expect(rows()[1]).toMatchObject({ queued_sales: 1, sent: 4, sent_total: 6 });

    // A redemption late in a minute, after its sample, is counted in that minute by the next sample.
    clock.t += 30_000;
    audit('redeem', 'committed as X3');
    clock.t += 10_000;
    history.sample();
    expect(rows()[1]).toMatchObject({ redemptions: 3 });
    expect(rows()[2]).toMatchObject({ minute: T0 / MIN + 2, redemptions: 0, sent: 0 });
  });

  it('groups the last 24 h in 5-minute buckets and 7 days in hours, oldest first, summing flows and taking the peak depth', () => {
    const { clock, history, audit, enqueue } = setup();
    for (let m = 0; m < 10; m += 1) {
      if (m === 2) enqueue('sales', 4, 'S');
      if (m === 7) audit('redeem', 'committed as X');
      history.sample();
      clock.t += MIN;
    }
    clock.t -= MIN;
    const day = history.series('24h');
    expect(day.bucketMinutes).toBe(5);
    expect([day.from, day.to]).toEqual([new Date(T0 + 9 * MIN - 24 * 60 * MIN).toISOString(), new Date(T0 + 9 * MIN).toISOString()]);
    expect(day.points.map((p) => p.at)).toEqual([new Date(T0).toISOString(), new Date(T0 + 5 * MIN).toISOString()]);
    expect(day.points.map((p) => [p.queued.sales, p.redemptions])).toEqual([
      [4, 0],
      [4, 1],
    ]);
    const week = history.series('7d');
    expect(week.bucketMinutes).toBe(60);
    expect(week.points).toHaveLength(1);
    expect(week.points[0]).toMatchObject({ redemptions: 1, queued: { sales: 4 } });

    // 25 hours later the 24 h chart is empty, the week still has the hour.
    clock.t += 25 * 60 * MIN;
    expect(history.series('24h').points.filter((p) => Date.parse(p.at) < T0 + 60 * MIN)).toEqual([]);
    expect(history.series('7d').points[0]).toMatchObject({ at: new Date(T0).toISOString(), redemptions: 1 });
  });

  it('prunes rows older than 7 days at each sample', () => {
    const { clock, history, rows } = setup();
    history.sample();
    clock.t += (HISTORY_KEEP_MINUTES - 1) * MIN;
    history.sample();
    expect(rows()).toHaveLength(2);
    clock.t += 2 * MIN;
    history.sample();
    expect(rows().map((r) => r.minute)).toEqual([T0 / MIN + HISTORY_KEEP_MINUTES - 1, T0 / MIN + HISTORY_KEEP_MINUTES + 1]);
    expect(history.series('7d').points.every((p) => Date.parse(p.at) > T0)).toBe(true);
  });

  it('totals the day (from the given midnight) and the shift (the last 8 hours) from the redemption audit', () => {
    const { clock, history, audit } = setup();
    const midnight = T0 - 8 * 60 * MIN; // 00:00 UTC
    audit('redeem', 'committed as A'); // 08:00
    clock.t += 2 * 60 * MIN;
    audit('void', 'voided'); // 10:00
    clock.t += 7 * 60 * MIN; // 17:00: the shift began at 09:00
    audit('redeem', 'committed as B');
    audit('redeem', 'blocked offline: limit');
    const totals = history.totals(midnight);
    expect(totals.day).toEqual({ since: new Date(midnight).toISOString(), redemptions: 2, voids: 1 });
    expect(totals.shift).toEqual({ since: new Date(clock.t - 8 * 60 * MIN).toISOString(), redemptions: 1, voids: 1 });
  });

  it('the sampler samples at once and then on its interval until stopped', async () => {
    const { history, rows, clock } = setup();
    const stop = startSampler(history, 20);
    expect(rows()).toHaveLength(1);
    clock.t += MIN;
    await new Promise((r) => setTimeout(r, 60));
    stop();
    expect(rows()).toHaveLength(2);
    clock.t += MIN;
    await new Promise((r) => setTimeout(r, 60));
    expect(rows()).toHaveLength(2);
  });
});
