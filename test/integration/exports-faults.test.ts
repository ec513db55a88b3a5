import { afterEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { companionFor, drained } from '../helpers/exports';
import { waitFor } from '../helpers/pty';

const customers = Array.from({ length: 300 }, (_, i) => ({ external_id: `C-${i}`, first_name: `Name ${i}`, phone_number: `040 555 ${String(1000 + i)}`, can_sms: i % 2 === 0 }));
const products = Array.from({ length: 100 }, (_, i) => ({ external_id: `P-${i}`, title: `Product ${i}`, price: `${i}.90` }));
const sales = Array.from({ length: 200 }, (_, i) =>
  [1, 2].map((row) => ({ sale_external_id: `S-${i}`, external_id: `S-${i}-${row}`, sale_date: '2026-11-22 12:00', sale_customer_id: `C-${(i * 7) % 300}`, product_id: `P-${row}`, quantity: row, unit_price: '1.90', total: `${1.9 * row}` })),
).flat();
const events = Array.from({ length: 20 }, (_, i) => ({ type: 'store_visit', date: `2026-11-22 10:${String(i).padStart(2, '0')}`, customer_id: `C-${i}` }));

describe('exports against the simulator with every fault turned on', () => {
  let sim: Simulator;
  let companion: Companion;
  afterEach(async () => {
    await companion?.close();
    await sim?.close();
  });

  it('delivers every accepted record exactly as normalised, isolates the poison records, keeps order and never conflicts', async () => {
    sim = await startSimulator({ randomSeed: 42, seed: false });
    sim.setFaults({
      uploads: { error5xx: 0.15, rateLimit: 0.1, retryAfterSec: 0, resetBeforeReply: 0.1, commitThenReset: 0.1, latencyMs: 3, rejectKeys: ['P-13', 'S-7/S-7-2'] },
    });
    companion = await companionFor(sim, { exports: { batchSize: 40, schedules: { customers: 'continuous', products: 'continuous', sales: 'continuous', shops: 'continuous', events: 'continuous' } } });
    const ingest = companion.exports.ingest;
    // Sales first: their customers must still reach Custobar before them.
    expect(ingest('sales', sales, { partial: false, source: 'test' }).accepted).toBe(400);
    expect(ingest('customers', customers, { partial: false, source: 'test' }).accepted).toBe(300);
    expect(ingest('products', products, { partial: false, source: 'test' }).accepted).toBe(100);
    expect(ingest('events', events, { partial: false, source: 'test' }).accepted).toBe(20);

    await drained(companion, 90_000);
    const dead = (await companion.api['deadLetters.list']({ limit: 50, offset: 0 })).items.map((d) => d.key).sort();
    expect(dead).toEqual(['P-13', 'S-7/S-7-2']);

    const records = sim.state.records;
    expect(records.customers.size).toBe(300);
    expect(records.products.size).toBe(99);
    expect(records.sales.size).toBe(399);
    expect(records.events.size).toBe(20);
    expect(records.customers.get('C-4')).toEqual({ external_id: 'C-4', first_name: 'Name 4', phone_number: '+358405551004', can_sms: true });
    expect(records.products.get('P-5')).toEqual({ external_id: 'P-5', title: 'Product 5', price: 590 });
    expect(records.sales.get('S-3/S-3-2')).toMatchObject({ sale_date: '2026-11-22T12:00:00+02:00', quantity: 2, unit_price: 190, total: 380 });
    expect(sim.state.conflicts).toEqual([]);
    expect(sim.state.orphans).toEqual([]);
    for (const kind of ['5xx', '429', 'reset', 'commitThenReset']) expect(sim.state.faultsInjected[`uploads:${kind}`] ?? 0, kind).toBeGreaterThan(0);
    // Commit-then-reset means some records arrived twice: harmless upserts, never conflicting content.
    expect([...sim.state.deliveries.values()].some((d) => d.count > 1)).toBe(true);
    const status = companion.exports.status();
    expect(status.types.find((t) => t.type === 'products')).toMatchObject({ dead: 1, pending: 0, sentTotal: 99 });
  });

  it('honours Retry-After on 429 before trying again', async () => {
    sim = await startSimulator({ seed: false });
    sim.setFaults({ uploads: { rateLimit: 1, retryAfterSec: 2 } });
    companion = await companionFor(sim);
    companion.exports.ingest('shops', [{ external_id: 'S1', name: 'One' }], { partial: false, source: 'test' });
    await waitFor(() => companion.exports.dispatcher.runners.shops.state.retryAt !== null, 5000, 'first 429');
    expect(sim.state.faultsInjected['uploads:429']).toBe(1);
    const retryAt = companion.exports.dispatcher.runners.shops.state.retryAt!;
    expect(retryAt - Date.now()).toBeGreaterThan(1500);
    sim.setFaults({ uploads: { rateLimit: 0 } });
    await new Promise((r) => setTimeout(r, 1200));
    expect(sim.state.records.shops.size).toBe(0);
    await drained(companion, 5000);
    expect(sim.state.records.shops.get('S1')).toEqual({ external_id: 'S1', name: 'One' });
  });

  it('pauses on refused credentials with a clear message, and resumes when the token is fixed', async () => {
    sim = await startSimulator({ seed: false, token: 'the-real-token' });
    companion = await companionFor(sim);
    companion.context.secrets.set('custobarToken', 'an-old-token');
    companion.exports.ingest('shops', [{ external_id: 'S1', name: 'One' }], { partial: false, source: 'test' });
    await waitFor(() => companion.exports.status().paused !== null, 5000, 'pause');
    const status = await companion.api['status.get']({});
    expect(status.exports!.paused!.reason).toMatch(/refused the credentials \(401\)/);
    expect(status.custobar.state).toBe('unauthorized');
    expect(status.exports!.types.find((t) => t.type === 'shops')!.pending).toBe(1);
    await companion.api['secrets.set']({ name: 'custobarToken', value: 'the-real-token' });
    await drained(companion, 5000);
    expect(companion.exports.status().paused).toBeNull();
    expect((await companion.api['status.get']({})).custobar.state).toBe('online');
  });

  it('keeps records safe while Custobar is unreachable and reports offline', async () => {
    sim = await startSimulator({ seed: false });
    sim.setFaults({ uploads: { down: true } });
    companion = await companionFor(sim);
    companion.exports.ingest('products', products.slice(0, 5), { partial: false, source: 'test' });
    await waitFor(() => companion.context.connections.custobar.get().state === 'offline', 5000, 'offline');
    expect(companion.exports.status().types.find((t) => t.type === 'products')!.pending).toBe(5);
    sim.setFaults({ uploads: { down: false } });
    await drained(companion, 10_000);
    expect(sim.state.records.products.size).toBe(5);
  });
});
