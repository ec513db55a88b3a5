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

  describe('subscribe and unsubscribe events', () => {
    const at = '2026-11-22T10:00:00+02:00';
    const event = (type: string, who: Record<string, string>, extra: Record<string, unknown> = {}) => ({ type, date: at, ...who, ...extra });

    it('SMS_SUBSCRIBE creates the customer a phone number names, with only SMS allowed', async () => {
      await upload(sim, 'events', [event('SMS_SUBSCRIBE', { phone_number: '+358409990002' })]);
      const detail = await jsonOf(simGet(sim, '/__sim/customers/%2B358409990002'));
      expect(detail.record).toEqual({ phone_number: '+358409990002', can_email: false, can_sms: true, can_post: false, can_profile: false, can_push: false });
      expect(detail.history).toMatchObject([{ field: 'can_sms', value: true, how: 'event', detail: 'SMS_SUBSCRIBE' }]);
      expect(sim.state.orphans).toEqual([]);
      expect(sim.state.records.events.size).toBe(1);
    });

    it('MAIL_SUBSCRIBE creates by e-mail; a customer_id that is not known yet becomes the new customer’s external_id', async () => {
      await upload(sim, 'events', [
        event('MAIL_SUBSCRIBE', { email: 'uusi@example.fi' }),
        event('MAIL_SUBSCRIBE', { customer_id: 'C-LATE', email: 'myohassa@example.fi' }),
      ]);
      expect(sim.state.records.customers.get('uusi@example.fi')).toMatchObject({ email: 'uusi@example.fi', can_email: true, can_sms: false });
      expect(sim.state.records.customers.get('C-LATE')).toMatchObject({ external_id: 'C-LATE', email: 'myohassa@example.fi', can_email: true });
    });

    it('turns a permission on and off on the customer found by customer_id, else phone, else e-mail', async () => {
      await upload(sim, 'events', [
        event('SMS_SUBSCRIBE', { phone_number: '+358405556677' }), // Helmi had SMS off
        event('MAIL_UNSUBSCRIBE', { customer_id: 'CU-7H3K9P2A' }), // Aino had e-mail on
        event('SMS_UNSUBSCRIBE', { customer_id: 'NOT-KNOWN', phone_number: '+358501112233' }), // Eero, by phone
        event('MAIL_SUBSCRIBE', { email: 'maria.nieminen@example.fi' }), // already on: no change
      ]);
      const customers = sim.state.records.customers;
      expect(customers.size).toBe(5);
      expect(customers.get('CU-8D1F7G3J')!.can_sms).toBe(true);
      expect(customers.get('CU-7H3K9P2A')!.can_email).toBe(false);
      expect(customers.get('CU-4M8Q1Z6T')!.can_sms).toBe(false);
      expect((await jsonOf(simGet(sim, '/__sim/customers/CU-9R2W5X8L'))).history).toEqual([]);
      expect((await jsonOf(simGet(sim, '/__sim/customers/CU-4M8Q1Z6T'))).history).toMatchObject([{ field: 'can_sms', value: false, how: 'event', detail: 'SMS_UNSUBSCRIBE' }]);
    });

    it('an UNSUBSCRIBE for nobody creates nobody; other event types are only stored', async () => {
      await upload(sim, 'events', [
        event('SMS_UNSUBSCRIBE', { phone_number: '+358409990003' }),
        event('LOYALTY_JOIN', { customer_id: 'CU-8D1F7G3J' }),
        event('BENEFIT_REDEEMED', { customer_id: 'CU-7H3K9P2A' }, { benefit_id: 'B-1001' }),
      ]);
      expect(sim.state.records.customers.size).toBe(5);
      expect(sim.state.records.events.size).toBe(3);
      expect(sim.state.records.customers.get('CU-8D1F7G3J')).toMatchObject({ can_sms: false, can_email: false });
      expect(sim.state.history.size).toBe(0);
    });
  });
});
