import { afterEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { makeCompanion } from '../helpers/companion';

const MIN = 60_000;

describe('dashboard history through the contract (real companion, real SQLite, fake clock)', () => {
  let companion: Companion | undefined;
  afterEach(async () => companion?.close());

  it('samples on start and on its timer, serves 24 h and 7 days, totals the store’s day and the shift, and keeps rows across a restart', async () => {
    const clock = { t: Date.parse('2026-12-01T10:00:30Z') };
    const now = () => new Date(clock.t);
    const started = await makeCompanion({}, undefined, { now, history: { sampleIntervalMs: 25 } });
    companion = started;
    const dir = started.context.config.dataDir;
    const db = started.exports.db;
    // Waiting records appear on the next sample.
    await started.exports.ingest('products', [{ external_id: 'P-1', title: 'A', price: 1 }, { external_id: 'P-2', title: 'B', price: 2 }], { partial: false, source: 'test' });
    clock.t += MIN;
    await expect.poll(() => (db.prepare('SELECT count(*) AS n FROM history_minutes').get() as { n: number }).n).toBe(2);
    db.prepare("INSERT INTO redemption_audit (at, redemption_id, till_id, benefit_id, action, outcome) VALUES (?, 'r1', 'T', 'B', 'redeem', 'committed as X')").run(clock.t - 1000);

    const day = await started.dispatch('history.series', { range: '24h' });
    expect(day).toMatchObject({ ok: true, value: { range: '24h', bucketMinutes: 5 } });
    const points = (day as { value: { points: { queued: { products: number }; redemptions: number }[] } }).value.points;
    expect(points.at(-1)).toMatchObject({ queued: { products: 2 }, redemptions: 1 });
    expect(await started.dispatch('history.series', { range: '1y' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const totals = await started.dispatch('history.totals', {});
    // Store time zone by default Europe/Helsinki: the day began at 22:00 UTC the evening before.
    expect(totals).toMatchObject({ ok: true, value: { day: { since: '2026-11-30T22:00:00.000Z', redemptions: 1, voids: 0 }, shift: { since: new Date(clock.t - 8 * 60 * MIN).toISOString(), redemptions: 1 } } });

    await started.close();
    companion = await makeCompanion({}, dir, { now, history: { sampleIntervalMs: 60_000 } });
    const again = await companion.dispatch('history.series', { range: '7d' });
    expect((again as { value: { points: { queued: { products: number } }[] } }).value.points).toEqual([expect.objectContaining({ queued: expect.objectContaining({ products: 2 }) })]);
  });
});
