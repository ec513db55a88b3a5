import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import type { Activity } from '../../preload/contract';
import { checkoutCompanion, scanCard } from '../helpers/checkout';
import { makeCompanion } from '../helpers/companion';
import { drained } from '../helpers/exports';
import { waitFor } from '../helpers/pty';
import { tempDir } from '../helpers/service-process';
import { upload } from '../helpers/simulator-http';

const AINO = 'CU-7H3K9P2A';
const EERO = 'CU-4M8Q1Z6T';

/** customers.activity through the contract's dispatcher (input and output checked by the schemas); throws its error envelope. */
async function activity(c: Companion, cardId: string): Promise<Activity> {
  const result = await c.dispatch('customers.activity', { cardId });
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as Activity;
}

/** The rows of one sale as a POS sends them (money in cents). */
function sale(id: string, customer: string, date: string, lines: [product: string, quantity: number, total: number][], extra: Record<string, unknown> = {}) {
  const saleTotal = lines.reduce((sum, [, , total]) => sum + total, 0);
  return lines.map(([product, quantity, total], i) => ({
    sale_external_id: id,
    sale_date: date,
    sale_customer_id: customer,
    sale_shop_id: 'SHOP-OTHER',
    sale_total: saleTotal,
    external_id: `${id}-${i + 1}`,
    product_id: product,
    quantity,
    total,
    ...extra,
  }));
}

const dataRequests = (sim: Simulator, type: 'sales' | 'customers') => sim.state.requests.filter((r) => r.area === 'data' && r.url.startsWith(`/api/data/${type}/`));

describe('the customer card’s recent activity', () => {
  let sim: Simulator;
  const companions: Companion[] = [];
  const open = async (settings: Record<string, unknown> = {}) => {
    const c = await checkoutCompanion(sim, settings);
    companions.push(c);
    return c;
  };
  beforeEach(async () => {
    sim = await startSimulator({ randomSeed: 5 });
  });
  afterEach(async () => {
    for (const c of companions.splice(0)) await c.close();
    await sim.close();
  });

  it('shows a purchase delivered to Custobar after a scan: date, shop, total and the top items by quantity, with titles', async () => {
    const c = await open();
    // The product catalogue and a sale from this till, delivered; and an older purchase in another store.
    c.exports.ingest('products', [{ external_id: 'P-1', title: 'Dog food 12 kg', price: 5490 }, { external_id: 'P-2', title: 'Rye bread', price: 349 }], { partial: false, source: 'test' });
    c.exports.ingest('sales', sale('S-TILL-1', AINO, '2026-05-02T10:15:00+03:00', [['P-1', 1, 5490], ['P-2', 3, 1047]], { sale_shop_id: 'SHOP-9' }), { partial: false, source: 'test' });
    await drained(c);
    await upload(sim, 'sales', sale('S-ELSEWHERE', AINO, '2026-04-01T09:00:00+03:00', [['P-9', 2, 1000]]));
    await upload(sim, 'sales', sale('S-EERO', EERO, '2026-05-03T09:00:00+03:00', [['P-1', 1, 5490]]));
    expect(sim.state.records.sales.size).toBe(4);

    await scanCard(c, AINO);
    const seen = await activity(c, AINO);
    expect(seen).toEqual({
      purchases: [
        {
          sale_external_id: 'S-TILL-1',
          date: '2026-05-02T10:15:00+03:00',
          shop_id: 'SHOP-9',
          total: 6537,
          items: [
            { product_id: 'P-2', title: 'Rye bread', quantity: 3 },
            { product_id: 'P-1', title: 'Dog food 12 kg', quantity: 1 },
          ],
        },
        { sale_external_id: 'S-ELSEWHERE', date: '2026-04-01T09:00:00+03:00', shop_id: 'SHOP-OTHER', total: 1000, items: [{ product_id: 'P-9', quantity: 2 }] },
      ],
      fields: {},
    });
    // Read on the data API with the configured field; nobody else's purchases.
    expect(dataRequests(sim, 'sales').map((r) => new URL(r.url, sim.url).searchParams.get('sale_customer_id'))).toEqual([AINO]);
    expect(JSON.stringify(seen)).not.toContain('S-EERO');
  });

  it('reads every page of the customer’s sales, keeps the newest N purchases, and sums the rows when a sale has no sale_total', async () => {
    const c = await open({ customers: { activity: { pageSize: 2, purchases: 3 } } });
    for (let day = 1; day <= 6; day += 1) {
      await upload(sim, 'sales', sale(`S-${day}`, AINO, `2026-03-0${day}T12:00:00+02:00`, [['P-A', 1, 100 * day], ['P-B', day, 10 * day]]));
    }
    const noTotal = sale('S-9', AINO, '2026-03-09T12:00:00+02:00', [['P-C', 1, 250], ['P-D', 2, 500], ['P-E', 7, 70], ['P-F', 1, 1], ['P-G', 4, 4], ['P-H', 3, 3]]).map(({ sale_total: _t, ...row }) => row);
    await upload(sim, 'sales', noTotal);
    await scanCard(c, AINO);
    const seen = await activity(c, AINO);
    expect(seen.purchases.map((p) => p.sale_external_id)).toEqual(['S-9', 'S-6', 'S-5']);
    expect(seen.purchases[0]).toMatchObject({ total: 828, shop_id: 'SHOP-OTHER' });
    // The top 5 items by quantity.
    expect(seen.purchases[0]!.items.map((i) => [i.product_id, i.quantity])).toEqual([['P-E', 7], ['P-G', 4], ['P-H', 3], ['P-D', 2], ['P-C', 1]]);
    expect(seen.purchases[1]).toMatchObject({ total: 660, items: [{ product_id: 'P-B', quantity: 6 }, { product_id: 'P-A', quantity: 1 }] });
    // 18 rows, two a page: nine pages, each after the one before.
    const pages = dataRequests(sim, 'sales');
    expect(pages).toHaveLength(9);
    expect(new Set(pages.map((p) => new URL(p.url, sim.url).searchParams.get('offset') ?? '0'))).toEqual(new Set(['0', '2', '4', '6', '8', '10', '12', '14', '16']));
  });

  it('offline (Custobar’s data API down): shows the till’s own recent sale from the outbox, with the product’s title from the outbox', async () => {
    const c = await open();
    await scanCard(c, AINO);
    await c.api['checkout.new']({});
    // Nothing reaches Custobar now: the sale and the product wait in the outbox.
    sim.setFaults({ uploads: { down: true }, data: { down: true } });
    c.exports.ingest('products', [{ external_id: 'P-NEW', title: 'Garden hose 25 m', price: 3990 }], { partial: false, source: 'test' });
    c.exports.ingest('sales', sale('S-OFFLINE', AINO, '2026-06-01T16:00:00+03:00', [['P-NEW', 1, 3990]], { sale_shop_id: 'SHOP-9' }), { partial: false, source: 'test' });
    const state = await scanCard(c, AINO);
    expect(state.customer).toMatchObject({ offline: true, source: 'cache' });
    const seen = await activity(c, AINO);
    expect(seen).toEqual({
      purchases: [{ sale_external_id: 'S-OFFLINE', date: '2026-06-01T16:00:00+03:00', shop_id: 'SHOP-9', total: 3990, items: [{ product_id: 'P-NEW', title: 'Garden hose 25 m', quantity: 1 }] }],
      fields: {},
      offline: true,
    });
    expect(sim.state.records.sales.size).toBe(0);
  });

  it('a sale both in Custobar and in the outbox appears once, as the outbox has it (it is newer)', async () => {
    const c = await open({ customers: { activity: { fields: ['COMPANY__loyalty_level'] } } });
    sim.state.records.customers.set(AINO, { ...sim.state.records.customers.get(AINO)!, COMPANY__loyalty_level: 'gold' });
    await upload(sim, 'sales', sale('S-BOTH', AINO, '2026-05-10T10:00:00+03:00', [['P-1', 1, 1000]]));
    sim.setFaults({ uploads: { down: true } });
    c.exports.ingest('sales', sale('S-BOTH', AINO, '2026-05-10T10:00:00+03:00', [['P-1', 2, 2000]]), { partial: false, source: 'test' });
    await scanCard(c, AINO);
    const seen = await activity(c, AINO);
    expect(seen).toEqual({ purchases: [{ sale_external_id: 'S-BOTH', date: '2026-05-10T10:00:00+03:00', shop_id: 'SHOP-OTHER', total: 2000, items: [{ product_id: 'P-1', quantity: 2 }] }], fields: { COMPANY__loyalty_level: 'gold' } });
  });

  it('returns only the configured customer fields the tenant holds, read with fields= those, and reads none when none are listed', async () => {
    sim.state.records.customers.set(AINO, { ...sim.state.records.customers.get(AINO)!, COMPANY__loyalty_level: 'gold', COMPANY__lifetime_value: 123456, COMPANY__internal_note: 'not for the till' });
    const c = await open({ customers: { activity: { fields: ['COMPANY__loyalty_level', 'COMPANY__lifetime_value', 'COMPANY__not_in_tenant'] } } });
    await scanCard(c, AINO);
    expect((await activity(c, AINO)).fields).toEqual({ COMPANY__loyalty_level: 'gold', COMPANY__lifetime_value: 123456 });
    const read = dataRequests(sim, 'customers').filter((r) => r.url.includes('COMPANY__'));
    expect(read.map((r) => new URL(r.url, sim.url).searchParams.get('fields'))).toEqual(['COMPANY__loyalty_level,COMPANY__lifetime_value,COMPANY__not_in_tenant']);

    // None listed (the default): no read of the customer's fields at all, only the scan's own lookup.
    const plain = await open();
    const before = dataRequests(sim, 'customers').length;
    await scanCard(plain, AINO);
    expect((await activity(plain, AINO)).fields).toEqual({});
    expect(dataRequests(sim, 'customers').length).toBe(before + 1);
  });

  it('loads after the benefits and never delays them: the sales request starts only once the benefits are in the checkout state', async () => {
    const c = await open();
    await upload(sim, 'sales', sale('S-ORDER', AINO, '2026-05-02T10:15:00+03:00', [['P-1', 1, 100]]));
    await scanCard(c, AINO); // the customer is in the till's cache now
    await c.api['checkout.new']({});
    sim.setFaults({ benefits: { latencyMs: 400 } });
    let benefitsShownAt = 0;
    c.events.on('checkout', (s) => {
      if (s.cardId === AINO && s.benefitsState === 'ready' && benefitsShownAt === 0) benefitsShownAt = performance.timeOrigin + performance.now();
    });
    const requestsBefore = sim.state.requests.length;
    await c.api['scans.submit']({ source: 'manual', raw: AINO });
    // The UI asks at once (too early): the core holds the request back until the benefits are shown.
    const seen = await activity(c, AINO);
    expect(seen.purchases.map((p) => p.sale_external_id)).toEqual(['S-ORDER']);
    const during = sim.state.requests.slice(requestsBefore);
    const benefits = during.find((r) => r.area === 'benefits')!;
    const sales = during.find((r) => r.url.startsWith('/api/data/sales/'))!;
    expect(benefits.finishedAt, 'the benefits were answered before the activity').not.toBeNull();
    expect(benefits.finishedAt! - benefits.startedAt).toBeGreaterThanOrEqual(390);
    expect(sales.startedAt).toBeGreaterThanOrEqual(benefits.finishedAt!);
    expect(benefitsShownAt).toBeGreaterThan(0);
    expect(sales.startedAt).toBeGreaterThanOrEqual(benefitsShownAt);

    // Benefits that fail do not hold it back for ever either.
    await c.api['checkout.new']({});
    sim.setFaults({ benefits: { latencyMs: 0, down: true } });
    await scanCard(c, EERO);
    expect((await activity(c, EERO)).purchases).toEqual([]);
  });

  it('uses the lookup lane: answers while the upload throttle is spent and an upload is on the wire', async () => {
    const c = await open({ custobar: { baseUrl: sim.url, requestsPerMinute: 1 } });
    await upload(sim, 'sales', sale('S-LANE', AINO, '2026-05-02T10:15:00+03:00', [['P-1', 1, 100]]));
    sim.setFaults({ uploads: { latencyMs: 4_000 } });
    c.exports.ingest('customers', [{ external_id: 'LANE-1', first_name: 'Lane' }], { partial: false, source: 'test' });
    c.exports.ingest('products', [{ external_id: 'LANE-P', price: 100 }], { partial: false, source: 'test' });
    await waitFor(() => c.exports.store.counts('customers').inflight === 1 && c.exports.store.counts('products').inflight === 1, 5_000, 'both uploads claimed');
    await scanCard(c, AINO);
    const started = performance.now();
    const seen = await activity(c, AINO);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(seen).toMatchObject({ purchases: [{ sale_external_id: 'S-LANE' }] });
    expect(seen.offline).toBeUndefined();
    // Only the test's own upload: the till's are still on the wire or waiting for the throttle.
    expect(sim.state.uploads.map((u) => u.type)).toEqual(['sales']);
  });

  it('keeps showing the till’s own sale after it is delivered, though Custobar’s part was read before it', async () => {
    const c = await open();
    await scanCard(c, AINO);
    expect((await activity(c, AINO)).purchases).toEqual([]);
    c.exports.ingest('sales', sale('S-HERE', AINO, '2026-05-04T10:15:00+03:00', [['P-1', 1, 100]]), { partial: false, source: 'test' });
    await drained(c);
    expect(sim.state.records.sales.size).toBe(1);
    expect((await activity(c, AINO)).purchases.map((p) => p.sale_external_id)).toEqual(['S-HERE']);
    expect(dataRequests(sim, 'sales')).toHaveLength(1);
  });

  it('answers clearly for a card not looked up here, and when the activity is turned off', async () => {
    const c = await open();
    const unknown = await c.dispatch('customers.activity', { cardId: EERO });
    expect(unknown).toEqual({ ok: false, error: { code: 'not_found', message: expect.stringContaining(EERO), details: { reasonCode: 'activity_unknown_card', params: { card: EERO } } } });
    await scanCard(c, EERO);
    expect((await activity(c, EERO)).purchases).toEqual([]);
    await c.api['settings.update']({ patch: { customers: { activity: { enabled: false } } } });
    expect(await c.dispatch('customers.activity', { cardId: EERO })).toMatchObject({ ok: false, error: { code: 'conflict', details: { reasonCode: 'activity_off' } } });
    expect(await c.dispatch('customers.activity', { cardId: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('the recent activity’s cache', () => {
  let sim: Simulator;
  let c: Companion | null = null;
  let now = Date.now();
  beforeEach(async () => {
    sim = await startSimulator({ randomSeed: 6 });
    now = Date.now();
    c = await makeCompanion(
      {
        overrides: {
          general: { tillId: 'TILL-1', shopId: 'SHOP-9' },
          custobar: { baseUrl: sim.url, requestsPerMinute: 6000 },
          benefits: { baseUrl: sim.url },
          customers: { cacheTtlHours: 2 },
          exports: { schedules: { customers: 'continuous', products: 'continuous', sales: 'continuous', shops: 'continuous', events: 'continuous' } },
        },
      },
      tempDir(),
      { now: () => new Date(now), secrets: createEnvSecretStore({ TILL_CUSTOBAR_TOKEN: sim.token, TILL_BENEFITS_TOKEN: sim.benefitsToken }, SERVICE_SECRET_ENV) },
    );
  });
  afterEach(async () => {
    await c?.close();
    await sim.close();
  });

  it('answers a second call within the TTL from the cache, reads Custobar again after it, and the purge removes what expired', async () => {
    await upload(sim, 'sales', sale('S-1', AINO, '2026-05-02T10:15:00+03:00', [['P-1', 1, 100]]));
    await scanCard(c!, AINO);
    expect((await activity(c!, AINO)).purchases).toHaveLength(1);
    await upload(sim, 'sales', sale('S-2', AINO, '2026-05-03T10:15:00+03:00', [['P-1', 1, 100]]));
    now += 3_600_000;
    const cached = await activity(c!, AINO);
    expect(cached.purchases.map((p) => p.sale_external_id)).toEqual(['S-1']);
    expect(dataRequests(sim, 'sales')).toHaveLength(1);

    // Past the TTL: the customer and their activity are purged together.
    now += 3_600_001;
    expect(c!.checkout.purgeExpired()).toBe(1);
    expect(c!.checkout.activity.size).toBe(0);
    await expect(activity(c!, AINO)).rejects.toMatchObject({ code: 'not_found' });
    await c!.api['checkout.new']({});
    await scanCard(c!, AINO);
    expect((await activity(c!, AINO)).purchases.map((p) => p.sale_external_id)).toEqual(['S-2', 'S-1']);
    expect(dataRequests(sim, 'sales')).toHaveLength(2);
  });

  it('removes a forgotten customer’s activity at once and shows nothing for them', async () => {
    await upload(sim, 'sales', sale('S-1', AINO, '2026-05-02T10:15:00+03:00', [['P-1', 1, 100]]));
    await scanCard(c!, AINO);
    await scanCard(c!, EERO);
    await activity(c!, AINO);
    await activity(c!, EERO);
    expect(c!.checkout.activity.size).toBe(2);
    c!.exports.ingest('customers', [{ external_id: AINO, is_forgotten: true }], { partial: false, source: 'test' });
    expect(c!.checkout.activity.size).toBe(1);
    await expect(activity(c!, AINO)).rejects.toMatchObject({ code: 'not_found', details: { reasonCode: 'activity_unknown_card' } });
    // Custobar's removal (a poll, the webhook) forgets the person by any of their ids.
    c!.checkout.cache.forgetPerson({ externalId: null, phone: '+358501112233', email: null });
    expect(c!.checkout.activity.size).toBe(0);
    await expect(activity(c!, EERO)).rejects.toMatchObject({ code: 'not_found' });
  });
});
