import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { jsonOf, simGet, simPost, upload } from '../helpers/simulator-http';

type Row = Record<string, unknown>;

describe('simulator: deleted and forgotten customers', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ randomSeed: 1 });
  });
  beforeEach(() => sim.state.reset(true));
  afterAll(async () => sim?.close());

  const FIELDS = 'external_id,first_name,last_name,phone_number,email,can_sms,is_deleted,is_forgotten';

  async function listAll(query: string): Promise<Row[]> {
    const rows: Row[] = [];
    let next: string | undefined = `/api/data/customers/?${query}`;
    while (next) {
      const page = await jsonOf(simGet(sim, next));
      rows.push(...(page.customers as Row[]));
      next = page.next_url;
    }
    return rows;
  }

  it('lists a customer removed by upload as a tombstone with the flag and only its external_id', async () => {
    await upload(sim, 'customers', [
      { external_id: 'CU-4M8Q1Z6T', is_deleted: true },
      { external_id: 'CU-7H3K9P2A', first_name: 'Aino', is_forgotten: true },
    ]);
    const rows = await listAll(`fields=${FIELDS}&limit=2`);
    expect(rows).toHaveLength(5);
    expect(rows.slice(-2)).toEqual([
      { external_id: 'CU-4M8Q1Z6T', is_deleted: true },
      { external_id: 'CU-7H3K9P2A', is_forgotten: true },
    ]);
    expect(rows.slice(0, 3).every((r) => r.is_deleted === undefined && typeof r.first_name === 'string')).toBe(true);
    // The flag comes even when `fields` does not ask for it: without it the row would read as a live customer.
    expect((await listAll('fields=external_id&limit=100')).slice(-2)).toEqual([
      { external_id: 'CU-4M8Q1Z6T', is_deleted: true },
      { external_id: 'CU-7H3K9P2A', is_forgotten: true },
    ]);
    expect(sim.state.records.customers.has('CU-7H3K9P2A')).toBe(false);
    expect((await jsonOf(simGet(sim, '/__sim/state'))).counts.customers).toBe(3);
  });

  it('card lookups find live customers only; a filter on the flag finds the tombstones', async () => {
    await upload(sim, 'customers', [{ external_id: 'CU-7H3K9P2A', is_forgotten: true }]);
    expect((await jsonOf(simGet(sim, '/api/data/customers/?external_id=CU-7H3K9P2A&limit=2'))).customers).toEqual([]);
    expect((await jsonOf(simGet(sim, '/api/data/customers/?phone_number=%2B358401234567'))).customers).toEqual([]);
    expect((await jsonOf(simGet(sim, '/api/data/customers/?external_id=CU-9R2W5X8L&fields=first_name'))).customers).toEqual([{ first_name: 'Maria' }]);
    expect((await jsonOf(simGet(sim, '/api/data/customers/?is_forgotten=true'))).customers).toEqual([{ external_id: 'CU-7H3K9P2A', is_forgotten: true }]);
    expect((await jsonOf(simGet(sim, '/api/data/customers/?is_deleted=true'))).customers).toEqual([]);
  });

  it('removes a customer from the control endpoint, found by phone or e-mail', async () => {
    const forgot = await simPost(sim, '/__sim/customers/forget', { phone_number: '+358442223344' });
    expect(forgot.status).toBe(200);
    expect(await jsonOf(forgot)).toEqual({ key: 'CU-9R2W5X8L', tombstone: { external_id: 'CU-9R2W5X8L', is_forgotten: true } });
    expect(await jsonOf(simPost(sim, '/__sim/customers/delete', { email: 'lars.lindqvist@example.se' }))).toMatchObject({ key: 'CU-3B6N0V4C' });
    expect((await jsonOf(simGet(sim, '/__sim/customers/CU-9R2W5X8L'))).status).toBe('forgotten');
    expect((await jsonOf(simGet(sim, '/__sim/customers/CU-3B6N0V4C'))).status).toBe('deleted');
    // The phone no longer leads anywhere: it is not kept.
    expect((await simGet(sim, '/__sim/customers/%2B358442223344')).status).toBe(404);
    expect((await simPost(sim, '/__sim/customers/forget', { phone_number: '+358442223344' })).status).toBe(404);
  });

  it('keeps no phone or e-mail of a forgotten customer that had no external_id', async () => {
    await upload(sim, 'customers', [{ phone_number: '+358409990020', email: 'anon@example.fi', first_name: 'Anon', can_sms: true }]);
    await upload(sim, 'customers', [{ phone_number: '+358409990020', is_forgotten: true }]);
    const tombs = [...sim.state.tombstones.entries()];
    expect(tombs).toHaveLength(1);
    expect(tombs[0]![1]).toEqual({ is_forgotten: true });
    expect(JSON.stringify(tombs)).not.toMatch(/358409990020|anon@/);
    expect(sim.state.history.has('+358409990020')).toBe(false);
  });

  it('a customer uploaded again after being forgotten is live again, and the resend is reported', async () => {
    await upload(sim, 'customers', [{ external_id: 'F-1', first_name: 'Once', can_email: true }]);
    await upload(sim, 'customers', [{ external_id: 'F-1', is_forgotten: true }]);
    await upload(sim, 'customers', [{ external_id: 'F-1', first_name: 'Again' }]);
    expect(sim.state.records.customers.get('F-1')).toEqual({ external_id: 'F-1', first_name: 'Again' });
    expect(sim.state.tombstones.has('F-1')).toBe(false);
    expect((await jsonOf(simGet(sim, '/__sim/state'))).forgottenResent).toEqual(['F-1']);
    expect((await listAll('is_forgotten=true'))).toEqual([]);
  });
});
