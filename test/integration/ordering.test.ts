import { afterEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { companionFor, drained } from '../helpers/exports';
import { makeCompanion } from '../helpers/companion';
import { waitFor } from '../helpers/pty';
import { tempDir } from '../helpers/service-process';

const CONTINUOUS = { customers: 'continuous', products: 'continuous', sales: 'continuous', shops: 'continuous', events: 'continuous' };
const customer = (i: number) => ({ external_id: `C-${i}`, first_name: `Customer ${i}`, phone_number: `+3584010${String(i).padStart(5, '0')}` });
const sale = (i: number, row: number) => ({
  sale_external_id: `S-${i}`,
  external_id: `S-${i}-${row}`,
  sale_date: '2026-12-01T10:00:00+02:00',
  sale_customer_id: `C-${i}`,
  product_id: `P-${row}`,
  quantity: 1,
  unit_price: 990,
  total: 990,
});

/** Custobar must never get a sale before the customer it names. */
describe('customers before their sales, under faults', () => {
  let sim: Simulator | null = null;
  const companions: Companion[] = [];
  afterEach(async () => {
    for (const c of companions.splice(0)) await c.close();
    await sim?.close();
  });

  it('with 503s, 429s, resets, commit-then-reset and latency, customers and sales arriving together in either order', async () => {
    sim = await startSimulator({ randomSeed: 11 });
    sim.setFaults({ uploads: { error5xx: 0.12, rateLimit: 0.05, retryAfterSec: 0, resetBeforeReply: 0.08, commitThenReset: 0.08, latencyMs: 15 } });
    const c = await companionFor(sim, { exports: { schedules: CONTINUOUS, batchSize: 5 } });
    companions.push(c);
    for (let round = 0; round < 10; round += 1) {
      const ids = Array.from({ length: 10 }, (_, k) => round * 10 + k);
      const customers = ids.map(customer);
      const sales = ids.flatMap((i) => [sale(i, 1), sale(i, 2)]);
      // Half the rounds bring the sales first, as a POS that exports sales on every receipt does.
      if (round % 2 === 0) {
        c.exports.ingest('customers', customers, { partial: false, source: 'test' });
        c.exports.ingest('sales', sales, { partial: false, source: 'test' });
      } else {
        c.exports.ingest('sales', sales, { partial: false, source: 'test' });
        c.exports.ingest('customers', customers, { partial: false, source: 'test' });
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    await drained(c, 120_000);
    expect(sim.state.records.sales.size).toBe(200);
    expect(sim.state.records.customers.size).toBeGreaterThanOrEqual(100);
    const injected = sim.state.faultsInjected;
    expect(Object.values(injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    // Every sale arrived after its customer.
    expect(sim.state.orphans).toEqual([]);
    for (let i = 0; i < 100; i += 1) {
      expect(sim.state.firstArrival('sales', `S-${i}/S-${i}-1`)!, `sale S-${i}`).toBeGreaterThan(sim.state.firstArrival('customers', `C-${i}`)!);
    }
  });

  it('a customer the POS posts a moment after its sale, in the same second, still reaches Custobar first', async () => {
    sim = await startSimulator({ randomSeed: 5 });
    const c = await companionFor(sim, { exports: { schedules: CONTINUOUS } });
    companions.push(c);
    c.exports.ingest('sales', [sale(0, 1), sale(0, 2)], { partial: false, source: 'test' });
    c.exports.ingest('events', [{ type: 'VISIT', date: '2026-12-01T10:00:00+02:00', customer_id: 'C-0' }], { partial: false, source: 'test' });
    // Longer than a continuous send waits to gather a batch (200 ms), well within the second.
    await new Promise((r) => setTimeout(r, 400));
    expect(sim.state.arrivals).toEqual([]);
    c.exports.ingest('customers', [customer(0)], { partial: false, source: 'test' });
    await drained(c, 10_000);
    // The customer first; the sales and the event after it, in whichever order their two runners send them.
    const types = sim.state.arrivals.map((a) => a.type);
    expect(types[0]).toBe('customers');
    expect(types.slice(1).sort()).toEqual(['events', 'sales', 'sales']);
    expect(sim.state.orphans).toEqual([]);
    expect(sim.state.eventsBeforeCustomer).toEqual([]);
  });

  it('a customer Custobar refuses holds its sales for the set wait, the Status view says so, then they go without it', async () => {
    sim = await startSimulator();
    sim.setFaults({ uploads: { rejectKeys: ['C-BAD'] } });
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const c = await makeCompanion(
      { overrides: { custobar: { baseUrl: sim.url, requestsPerMinute: 6000 }, exports: { schedules: CONTINUOUS } } },
      tempDir(),
      { now: () => new Date(clock), secrets: createEnvSecretStore({ TILL_CUSTOBAR_TOKEN: sim.token }, SERVICE_SECRET_ENV), exports: { retry: { initialMs: 50, maxMs: 200, jitter: 0 } } },
    );
    companions.push(c);
    await c.api['settings.update']({ patch: { exports: { failedCustomerWaitMinutes: 30 } } });
    c.exports.ingest('customers', [{ external_id: 'C-BAD', first_name: 'Refused' }, { external_id: 'C-OK', first_name: 'Fine' }], { partial: false, source: 'test' });
    c.exports.ingest('sales', [{ ...sale(0, 1), sale_customer_id: 'C-BAD' }, { ...sale(1, 1), sale_customer_id: 'C-OK' }], { partial: false, source: 'test' });

    const sales = () => c.exports.status().types.find((t) => t.type === 'sales')!;
    // The app's clock runs 15× fast while the records settle, so held rows come due (1 s, 30 s).
    const ticking = setInterval(() => (clock += 1500), 100);
    await waitFor(() => c.exports.store.counts('customers').dead === 1 && sim!.state.records.sales.size === 1 && sales().waitingForFailedCustomer === 1, 10_000, 'the refused customer holding its sale').catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify({ dead: c.exports.store.counts('customers'), sales: sales(), sim: sim!.state.records.sales.size })}`);
    }).finally(() => clearInterval(ticking));
    expect([...sim.state.records.sales.values()][0]).toMatchObject({ sale_customer_id: 'C-OK' });
    expect(sales()).toMatchObject({ pending: 1, waitingForCustomer: 1, waitingForFailedCustomer: 1 });

    // Still within the wait: a send does not let it go.
    clock += 29 * 60_000;
    await c.api['exports.sendNow']({ type: 'sales' });
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.state.records.sales.size).toBe(1);
    // The wait is over: the sale goes without its customer.
    clock += 2 * 60_000;
    await c.api['exports.sendNow']({ type: 'sales' });
    await waitFor(() => sim!.state.records.sales.size === 2, 10_000, 'the held sale sent');
    expect(sales()).toMatchObject({ pending: 0, waitingForFailedCustomer: 0 });
  });
});
