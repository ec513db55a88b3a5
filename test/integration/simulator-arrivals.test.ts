import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { jsonOf, simGet, upload } from '../helpers/simulator-http';

describe('simulator: the order records arrive in', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ randomSeed: 1 });
  });
  beforeEach(() => sim.state.reset(true));
  afterAll(async () => sim?.close());

  const at = '2026-11-22T10:00:00+02:00';

  it('numbers every stored record in arrival order, so a test can see the customer came before its events', async () => {
    await upload(sim, 'customers', [{ external_id: 'J-1', phone_number: '+358409990010', first_name: 'Joined' }]);
    await upload(sim, 'events', [
      { type: 'LOYALTY_JOIN', date: at, customer_id: 'J-1' },
      { type: 'SMS_SUBSCRIBE', date: at, phone_number: '+358409990010' },
    ]);
    const { arrivals } = await jsonOf(simGet(sim, '/__sim/arrivals'));
    expect(arrivals.map((a: { seq: number; type: string }) => [a.seq, a.type])).toEqual([[1, 'customers'], [2, 'events'], [3, 'events']]);
    expect(arrivals[0]).toMatchObject({ key: 'J-1', customer: 'J-1' });
    const join = JSON.stringify(['LOYALTY_JOIN', at, 'J-1', null]);
    expect(sim.state.firstArrival('customers', 'J-1')).toBeLessThan(sim.state.firstArrival('events', join)!);
    const state = await jsonOf(simGet(sim, '/__sim/state'));
    expect(state).toMatchObject({ lastArrival: 3, eventsBeforeCustomer: [], orphans: [] });
    expect((await jsonOf(simGet(sim, '/__sim/customers/J-1'))).arrivals).toEqual([1]);
    expect((await jsonOf(simGet(sim, '/__sim/arrivals?type=events&after=2'))).arrivals.map((a: { seq: number }) => a.seq)).toEqual([3]);
  });

  it('lists events sent before any customer upload named their customer, and keeps orphans for unknown customers', async () => {
    await upload(sim, 'events', [
      { type: 'LOYALTY_JOIN', date: at, customer_id: 'J-2' },
      { type: 'BENEFIT_REDEEMED', date: at, phone_number: '+358409990011' },
      { type: 'SMS_SUBSCRIBE', date: at, phone_number: '+358409990012' },
      // A seeded customer exists, but was never uploaded by the app.
      { type: 'BENEFIT_REDEEMED', date: at, customer_id: 'CU-7H3K9P2A' },
    ]);
    await upload(sim, 'customers', [{ external_id: 'J-2', first_name: 'Late' }]);
    await upload(sim, 'events', [{ type: 'BENEFIT_REDEEMED', date: at, customer_id: 'J-2' }]);

    const before = sim.state.eventsBeforeCustomer;
    expect(before.map((e) => [e.seq, e.type, e.customer_id ?? e.phone_number])).toEqual([
      [1, 'LOYALTY_JOIN', 'J-2'],
      [2, 'BENEFIT_REDEEMED', '+358409990011'],
      [3, 'SMS_SUBSCRIBE', '+358409990012'],
      [4, 'BENEFIT_REDEEMED', 'CU-7H3K9P2A'],
    ]);
    // SMS_SUBSCRIBE creates its customer, so it is no orphan; the seeded customer is known to Custobar.
    expect(sim.state.orphans).toEqual([
      `events:${JSON.stringify(['LOYALTY_JOIN', at, 'J-2', null])}`,
      `events:${JSON.stringify(['BENEFIT_REDEEMED', at, '+358409990011', null])}`,
    ]);
  });
});
