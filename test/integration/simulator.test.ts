import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../main/simulator/server';

const post = (sim: Simulator, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Token ${sim.token}`, ...headers },
    body: JSON.stringify(body),
  });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads of loosely shaped JSON replies
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

describe('Custobar simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ randomSeed: 1, hangMs: 300 });
  });
  beforeEach(() => {
    sim.state.reset(true);
    sim.setFaults({ all: { error5xx: 0, rateLimit: 0, resetBeforeReply: 0, commitThenReset: 0, timeoutAfterCommit: 0, latencyMs: 0, down: false } });
  });
  afterAll(async () => sim?.close());

  it('accepts wrapped uploads and refuses bad tokens and bad records with a reason', async () => {
    const ok = await post(sim, '/api/products/upload/', { products: [{ external_id: 'P-1', price: 1990, title: 'Dog food' }] });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ response: 'ok' });
    expect(sim.state.records.products.get('P-1')).toMatchObject({ price: 1990 });
    expect((await post(sim, '/api/products/upload/', { products: [] }, { Authorization: 'Token wrong' })).status).toBe(401);
    const bad = await post(sim, '/api/sales/upload/', { sales: [{ sale_external_id: 'S1', sale_date: '2026-01-01T10:00:00+02:00', external_id: 'S1-1', unit_price: 19.9 }] });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({ error: { reason: 'sales[0]: unit_price: expected an integer (money in cents)' } });
    expect((await post(sim, '/api/shops/upload/', [{ external_id: 'S', name: 'x' }])).status).toBe(400);
  });

  it('merges customer updates and flags sale rows re-sent with different content', async () => {
    await post(sim, '/api/customers/upload/', { customers: [{ external_id: 'C-1', first_name: 'A', can_sms: true }] });
    await post(sim, '/api/customers/upload/', { customers: [{ external_id: 'C-1', city: 'Oulu' }] });
    expect(sim.state.records.customers.get('C-1')).toMatchObject({ first_name: 'A', can_sms: true, city: 'Oulu' });
    const row = { sale_external_id: 'S-9', sale_date: '2026-01-01T10:00:00+02:00', external_id: 'S-9-1', total: 100 };
    await post(sim, '/api/sales/upload/', { sales: [row] });
    await post(sim, '/api/sales/upload/', { sales: [row] });
    expect(sim.state.conflicts).toEqual([]);
    await post(sim, '/api/sales/upload/', { sales: [{ ...row, total: 200 }] });
    expect(sim.state.conflicts).toEqual(['sales:S-9/S-9-1']);
  });

  it('pages data API reads with next_url', async () => {
    const customers = Array.from({ length: 25 }, (_, i) => ({ external_id: `P-${i}`, can_sms: i % 2 === 0 }));
    await post(sim, '/api/customers/upload/', { customers });
    let url: string | undefined = `${sim.url}/api/data/customers/?can_sms=true&limit=5&fields=external_id,can_sms`;
    const seen: string[] = [];
    while (url) {
      const page = (await (await fetch(url, { headers: { Authorization: `Token ${sim.token}` } })).json()) as { customers: { external_id: string }[]; next_url?: string };
      seen.push(...page.customers.map((c) => c.external_id));
      url = page.next_url;
    }
    expect(seen.filter((id) => id.startsWith('P-'))).toHaveLength(13);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('implements the benefits contract with idempotent redemptions and voids', async () => {
    const auth = { Authorization: `Bearer ${sim.benefitsToken}` };
    const list = await json(fetch(`${sim.url}/benefits/?phone_number=%2B358401234567`, { headers: auth }));
    expect(list.benefits.map((b: { id: string }) => b.id)).toEqual(['B-1001', 'B-1002', 'B-1003']);
    expect((await json(fetch(`${sim.url}/benefits/?phone_number=%2B358405556677`, { headers: auth }))).benefits).toEqual([]);

    const body = { phone_number: '+358401234567', shop_id: 'S1', till_id: 'T1', redeemed_at: '2026-11-22T10:00:00+02:00' };
    const first = await post(sim, '/benefits/B-1001/redemptions/', body, { ...auth, 'Idempotency-Key': 'k-1' });
    expect(first.status).toBe(201);
    const redemption = (await json(first)).redemption;
    expect(redemption).toMatchObject({ benefit_id: 'B-1001', status: 'committed' });
    const replay = await post(sim, '/benefits/B-1001/redemptions/', body, { ...auth, 'Idempotency-Key': 'k-1' });
    expect(replay.status).toBe(201);
    expect((await json(replay)).redemption.id).toBe(redemption.id);
    expect((await post(sim, '/benefits/B-1001/redemptions/', { ...body, till_id: 'T2' }, { ...auth, 'Idempotency-Key': 'k-1' })).status).toBe(422);
    const used = await post(sim, '/benefits/B-1001/redemptions/', body, { ...auth, 'Idempotency-Key': 'k-2' });
    expect(used.status).toBe(409);
    expect((await json(used)).error.reason).toMatch(/already been used/);
    expect(sim.state.redemptions.size).toBe(1);

    const voided = await post(sim, `/redemptions/${redemption.id}/void/`, { reason: 'wrong customer' }, { ...auth, 'Idempotency-Key': 'v-1' });
    expect(voided.status).toBe(200);
    expect(await json(voided)).toEqual({ redemption: { id: redemption.id, status: 'voided' } });
    expect(sim.state.benefits.get('B-1001')!.uses_left).toBe(1);
    expect((await post(sim, '/benefits/B-1001/redemptions/', body, { Authorization: 'Bearer nope', 'Idempotency-Key': 'k-3' })).status).toBe(401);
  });

  it('injects faults: 5xx, 429 with Retry-After, resets, commit-then-reset and latency', async () => {
    const products = { products: [{ external_id: 'F-1', price: 1 }] };
    sim.setFaults({ uploads: { error5xx: 1 } });
    expect((await post(sim, '/api/products/upload/', products)).status).toBe(503);
    sim.setFaults({ uploads: { error5xx: 0, rateLimit: 1, retryAfterSec: 7 } });
    const limited = await post(sim, '/api/products/upload/', products);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    sim.setFaults({ uploads: { rateLimit: 0, resetBeforeReply: 1 } });
    await expect(post(sim, '/api/products/upload/', products)).rejects.toThrow();
    expect(sim.state.records.products.has('F-1')).toBe(false);
    sim.setFaults({ uploads: { resetBeforeReply: 0, commitThenReset: 1 } });
    await expect(post(sim, '/api/products/upload/', products)).rejects.toThrow();
    expect(sim.state.records.products.has('F-1')).toBe(true);
    sim.setFaults({ uploads: { commitThenReset: 0, latencyMs: 150 } });
    const started = Date.now();
    expect((await post(sim, '/api/products/upload/', products)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const viaHttp = await post(sim, '/__sim/faults', { uploads: { latencyMs: 0, down: true } });
    expect((await json(viaHttp)).uploads.down).toBe(true);
    await expect(post(sim, '/api/products/upload/', products)).rejects.toThrow();
  });
});
