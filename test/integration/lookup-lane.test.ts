import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { checkoutCompanion, scanCard } from '../helpers/checkout';
import { waitFor } from '../helpers/pty';

/**
 * The cashier's lane: customer lookups and benefits calls have their own connections and timeouts,
 * so the upload throttle, upload backoff and uploads in flight never hold them up.
 */
describe('the lookup lane', () => {
  let sim: Simulator;
  let companion: Companion | null = null;
  beforeEach(async () => {
    sim = await startSimulator({ hangMs: 5_000 });
  });
  afterEach(async () => {
    await companion?.close();
    await sim.close();
  });

  it('finds customers while an upload is in flight and the upload throttle is spent', async () => {
    // One upload request a minute: the first upload takes the only token, the next waits ~60 s.
    companion = await checkoutCompanion(sim, { custobar: { baseUrl: sim.url, requestsPerMinute: 1 } });
    sim.setFaults({ uploads: { latencyMs: 4_000 } });
    companion.exports.ingest('customers', [{ external_id: 'LANE-1', first_name: 'Lane' }], { partial: false, source: 'test' });
    companion.exports.ingest('products', [{ external_id: 'LANE-P', price: 100 }], { partial: false, source: 'test' });
    const { store } = companion.exports;
    await waitFor(() => store.counts('customers').inflight === 1 && store.counts('products').inflight === 1, 5_000, 'both uploads claimed');

    for (const card of ['CU-7H3K9P2A', 'CU-4M8Q1Z6T', 'CU-9R2W5X8L']) {
      const state = await scanCard(companion, card);
      expect(state.customer, card).toMatchObject({ source: 'custobar', offline: false });
      expect(state.benefits.length, card).toBeGreaterThan(0);
    }
    // All of that happened while the first upload was still on the wire and the second still queued.
    expect(sim.state.uploads).toEqual([]);
    expect(store.counts('products').inflight).toBe(1);
  });

  it('keeps lookups working while uploads back off after errors', async () => {
    companion = await checkoutCompanion(sim, { custobar: { baseUrl: sim.url, requestsPerMinute: 6000 } });
    sim.setFaults({ uploads: { error5xx: 1 } });
    companion.exports.ingest('customers', [{ external_id: 'LANE-2' }], { partial: false, source: 'test' });
    await waitFor(() => companion!.exports.dispatcher.runners.customers.state.retryAt !== null, 5_000, 'upload backing off');
    const state = await scanCard(companion, 'CU-7H3K9P2A');
    expect(state.customer).toMatchObject({ name: 'Aino Virtanen', source: 'custobar', offline: false });
    expect(companion.exports.dispatcher.runners.customers.state.retryAt).not.toBeNull();
  });
});
