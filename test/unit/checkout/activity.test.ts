import { describe, expect, it } from 'vitest';
import { Settings } from '../../../preload/schemas/settings';
import { ACTIVITY_CACHE_SIZE, CustomerActivity, type ActivityDeps } from '../../../main/core/customers/activity';
import type { CustobarClient } from '../../../main/core/custobar/client';
import type { Customer } from '../../../main/core/customers/customer';

const customer = (id: string): Customer => ({ cardId: id, customerId: id, firstName: null, lastName: null, phone: null, email: null, consents: { email: null, sms: null, post: null, profile: null, push: null }, source: 'custobar' });

/** A data API that answers every sales read with one row of the customer asked for, counting the reads. */
function fakeClient() {
  const reads: string[] = [];
  const client = {
    configured: true,
    async *readPages(type: string, params: Record<string, string>) {
      reads.push(`${type}:${params.sale_customer_id}`);
      yield [{ sale_external_id: `S-${params.sale_customer_id}`, sale_date: '2026-01-01T00:00:00Z', sale_customer_id: params.sale_customer_id, product_id: 'P', quantity: 1 }];
    },
  };
  return { reads, client: client as unknown as CustobarClient };
}

function activityWith(overrides: Partial<ActivityDeps> = {}) {
  const { reads, client } = fakeClient();
  const settings = Settings.parse({});
  const activity = new CustomerActivity({
    settings: () => settings.customers,
    customer: (cardId) => customer(cardId),
    client: () => client,
    outbox: () => null,
    benefitsLoading: () => false,
    benefitsSettled: async () => undefined,
    settleLimitMs: () => 5_000,
    now: Date.now,
    ...overrides,
  });
  return { activity, reads };
}

describe('the recent activity (in the core)', () => {
  it('waits for the benefits loading before it reads Custobar, and no longer than the limit', async () => {
    let loading = true;
    let settle: () => void = () => undefined;
    const { activity, reads } = activityWith({ benefitsLoading: () => loading, benefitsSettled: () => new Promise<void>((r) => (settle = r)) });
    const answer = activity.forCard('C-1');
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toEqual([]);
    loading = false;
    settle();
    expect((await answer).purchases).toHaveLength(1);
    expect(reads).toEqual(['sales:C-1']);

    const stuck = activityWith({ benefitsLoading: () => true, benefitsSettled: () => new Promise<void>(() => undefined), settleLimitMs: () => 100 });
    const started = performance.now();
    expect((await stuck.activity.forCard('C-2')).purchases).toHaveLength(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('makes one read for calls that come together, answers the next from the cache, and keeps at most 500 customers', async () => {
    const { activity, reads } = activityWith();
    await Promise.all([activity.forCard('C-1'), activity.forCard('C-1')]);
    await activity.forCard('C-1');
    expect(reads).toEqual(['sales:C-1']);
    for (let i = 0; i < ACTIVITY_CACHE_SIZE + 10; i += 1) await activity.forCard(`X-${i}`);
    expect(activity.size).toBe(ACTIVITY_CACHE_SIZE);
    // The least recently used went first: C-1 is read again.
    await activity.forCard('C-1');
    expect(reads.filter((r) => r === 'sales:C-1')).toHaveLength(2);
    activity.close();
  });
});
