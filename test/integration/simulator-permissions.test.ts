import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { jsonOf, simGet, upload } from '../helpers/simulator-http';

describe('simulator: customer permissions', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ randomSeed: 1 });
  });
  beforeEach(() => sim.state.reset(true));
  afterAll(async () => sim?.close());

  it('gives the demo customers varied consents, listed by the data API', async () => {
    const page = await jsonOf(simGet(sim, '/api/data/customers/?fields=external_id,can_email,can_sms,can_post,can_profile,can_push&limit=10'));
    const rows = page.customers as Record<string, boolean | string>[];
    expect(rows).toHaveLength(5);
    for (const field of ['can_email', 'can_sms', 'can_post', 'can_profile', 'can_push']) {
      expect(new Set(rows.map((r) => r[field])), field).toEqual(new Set([true, false]));
    }
    expect(rows.find((r) => r.external_id === 'CU-7H3K9P2A')).toEqual({
      external_id: 'CU-7H3K9P2A', can_email: true, can_sms: true, can_post: false, can_profile: true, can_push: true,
    });
  });

  it('keeps consents sent on upload, reads omitted ones as off, and updates only the keys re-sent', async () => {
    await upload(sim, 'customers', [{ external_id: 'C-1', first_name: 'Ville', can_sms: true }]);
    const first = await jsonOf(simGet(sim, '/api/data/customers/?external_id=C-1&fields=external_id,can_sms,can_email,can_push'));
    expect(first.customers).toEqual([{ external_id: 'C-1', can_sms: true, can_email: false, can_push: false }]);
    // The stored record is what the app sent: the defaults are Custobar's reading of it, not extra data.
    expect(sim.state.records.customers.get('C-1')).toEqual({ external_id: 'C-1', first_name: 'Ville', can_sms: true });

    await upload(sim, 'customers', [{ external_id: 'C-1', can_email: true }]);
    const detail = await jsonOf(simGet(sim, '/__sim/customers/C-1'));
    expect(detail).toMatchObject({ key: 'C-1', status: 'live', record: { first_name: 'Ville' } });
    expect(detail.permissions).toEqual({ can_email: true, can_sms: true, can_post: false, can_profile: false, can_push: false });
    expect(detail.history.map((h: { field: string; value: boolean; how: string }) => [h.field, h.value, h.how])).toEqual([
      ['can_sms', true, 'upload'],
      ['can_email', true, 'upload'],
    ]);
    // Re-sending the same value is no change.
    await upload(sim, 'customers', [{ external_id: 'C-1', can_email: true }]);
    expect((await jsonOf(simGet(sim, '/__sim/customers/C-1'))).history).toHaveLength(2);
  });

  it('finds a customer by phone or e-mail, and matches a phone-only upload to the customer with that phone', async () => {
    await upload(sim, 'customers', [{ phone_number: '+358401234567', can_post: true }]);
    expect(sim.state.records.customers.size).toBe(5);
    expect(sim.state.records.customers.get('CU-7H3K9P2A')).toMatchObject({ first_name: 'Aino', can_post: true });
    expect((await jsonOf(simGet(sim, '/__sim/customers/aino.virtanen%40example.fi'))).key).toBe('CU-7H3K9P2A');
    expect((await jsonOf(simGet(sim, '/__sim/customers/%2B358401234567'))).permissions.can_post).toBe(true);
    expect((await simGet(sim, '/__sim/customers/NOBODY')).status).toBe(404);
  });

  it('moves a customer first known by phone to its external_id once one is uploaded', async () => {
    await upload(sim, 'customers', [{ phone_number: '+358409990001', can_sms: true }]);
    expect(sim.state.records.customers.has('+358409990001')).toBe(true);
    await upload(sim, 'customers', [{ external_id: 'C-NEW', phone_number: '+358409990001', first_name: 'Uusi' }]);
    expect(sim.state.records.customers.has('+358409990001')).toBe(false);
    expect(sim.state.records.customers.get('C-NEW')).toEqual({ external_id: 'C-NEW', phone_number: '+358409990001', first_name: 'Uusi', can_sms: true });
    expect((await jsonOf(simGet(sim, '/__sim/customers/C-NEW'))).history).toMatchObject([{ field: 'can_sms', value: true, how: 'upload' }]);
    const byPhone = await jsonOf(simGet(sim, '/api/data/customers/?phone_number=%2B358409990001'));
    expect(byPhone.customers.map((c: { external_id?: string }) => c.external_id)).toEqual(['C-NEW']);
  });
});
