import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { checkoutCompanion, scanCard } from '../helpers/checkout';
import { waitFor } from '../helpers/pty';

const AINO = 'CU-7H3K9P2A';

/** What key N applies is the benefit at index N-1 of the checkout's list. */
describe('benefit numbers in one checkout, against the simulator', () => {
  let sim: Simulator;
  let c: Companion;
  beforeEach(async () => {
    sim = await startSimulator();
    c = await checkoutCompanion(sim);
  });
  afterEach(async () => {
    await c.close();
    await sim.close();
  });

  const shown = () => c.checkout.checkout.get().benefits;

  it('a single-use benefit redeemed here keeps its place and its value after the list is refreshed without it', async () => {
    const state = await scanCard(c, AINO);
    expect(state.benefits.map((b) => b.id)).toEqual(['B-1001', 'B-1002', 'B-1003']);
    await c.api['checkout.redeem']({ benefitId: 'B-1001' });
    // The refreshed list no longer has B-1001 (used up): it is shown as last known, uses left unknown.
    await waitFor(() => shown()[0]?.usesLeft === null, 5000, 'the refreshed list');
    expect(shown().map((b) => b.id)).toEqual(['B-1001', 'B-1002', 'B-1003']);
    expect(shown()[0]).toMatchObject({ id: 'B-1001', title: '-20 % dog food', kind: 'percent', value: 20, available: false, redemption: { state: 'committed' } });
    expect(shown()[1]).toMatchObject({ id: 'B-1002', available: true, redemption: null });

    // Key 2 is still Free coffee: redeeming index 1 redeems B-1002, not B-1003.
    await c.api['checkout.redeem']({ benefitId: shown()[1]!.id });
    await waitFor(() => shown()[1]?.usesLeft === 4, 5000, 'the list after the second redemption');
    expect(shown().map((b) => b.id)).toEqual(['B-1001', 'B-1002', 'B-1003']);
    expect([...sim.state.redemptions.values()].map((r) => r.benefit_id).sort()).toEqual(['B-1001', 'B-1002']);
  });

  it('a benefit that disappears from the list (used at another till) stays at its number, greyed out', async () => {
    await scanCard(c, AINO);
    sim.state.benefits.get('B-1002')!.uses_left = 0;
    // Any settled redemption refreshes the list.
    await c.api['checkout.redeem']({ benefitId: 'B-1003' });
    await waitFor(() => shown()[1]?.available === false, 5000, 'the refreshed list');
    expect(shown().map((b) => [b.id, b.available])).toEqual([
      ['B-1001', true],
      ['B-1002', false],
      ['B-1003', false],
    ]);
  });

  it('a new checkout numbers its own list afresh', async () => {
    await scanCard(c, AINO);
    await c.api['checkout.redeem']({ benefitId: 'B-1001' });
    await waitFor(() => shown()[0]?.usesLeft === null, 5000, 'the refreshed list');
    await c.api['checkout.new']({});
    const again = await scanCard(c, AINO);
    expect(again.benefits.map((b) => b.id)).toEqual(['B-1002', 'B-1003']);
  });
});
