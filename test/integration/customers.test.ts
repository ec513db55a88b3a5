import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { SOLTEQ_CLIENT } from '../../main/simulator/solteq';
import { checkoutCompanion, scanCard } from '../helpers/checkout';
import { makeCompanion } from '../helpers/companion';
import { tempDir } from '../helpers/service-process';

describe('customer resolution', () => {
  let sim: Simulator;
  const companions: Companion[] = [];
  const track = (c: Companion) => (companions.push(c), c);
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    for (const c of companions.splice(0)) await c.close();
    await sim.close();
  });

  it('finds the customer by the configured card field of the Custobar data API', async () => {
    sim.state.records.customers.set('X-1', { external_id: 'X-1', first_name: 'Card', last_name: 'Field', phone_number: '+358401234567', loyalty_card: 'LOYAL-555' });
    const c = track(await checkoutCompanion(sim, { customers: { cardField: 'loyalty_card' } }));
    const state = await scanCard(c, 'LOYAL-555');
    expect(state.customer).toMatchObject({ name: 'Card Field', customerId: 'X-1', source: 'custobar', offline: false });
    expect(state.benefits.map((b) => b.id)).toEqual(['B-1001', 'B-1002', 'B-1003']);
  });

  it('says clearly when a card is unknown, when credentials are refused, and when offline with no cache', async () => {
    const c = track(await checkoutCompanion(sim));
    expect(await scanCard(c, 'CU-NOSUCH1')).toMatchObject({ customerState: 'not_found', messageCode: 'not_found', message: 'No customer has the card CU-NOSUCH1.' });
    c.context.secrets.set('custobarToken', 'wrong-token');
    expect(await scanCard(c, 'CU-4M8Q1Z6T')).toMatchObject({ customerState: 'error', messageCode: 'unauthorized' });
    c.context.secrets.set('custobarToken', sim.token);
    sim.setFaults({ data: { down: true } });
    const offline = await scanCard(c, 'CU-9R2W5X8L');
    expect(offline).toMatchObject({ customerState: 'error', messageCode: 'offline' });
    expect(offline.message).toMatch(/cannot be looked up right now/);
  });

  it('falls back to the till’s cache when the source is unreachable or too slow, marked offline', async () => {
    const c = track(await checkoutCompanion(sim, { customers: { lookupTimeoutMs: 500 } }));
    await scanCard(c, 'CU-7H3K9P2A');
    await c.api['checkout.new']({});
    sim.setFaults({ data: { latencyMs: 2000 } });
    const state = await scanCard(c, 'CU-7H3K9P2A');
    expect(state.customer).toMatchObject({ name: 'Aino Virtanen', offline: true, source: 'cache' });
    expect(state.messageCode).toBe('customer_offline');
    expect(state.benefitsState).toBe('ready');
  });

  it('starts the benefits request from the cached phone without waiting for the fresh lookup', async () => {
    const c = track(await checkoutCompanion(sim));
    await scanCard(c, 'CU-7H3K9P2A');
    await c.api['checkout.new']({});
    sim.setFaults({ data: { latencyMs: 600 } });
    const seen: string[] = [];
    c.events.on('checkout', (s) => seen.push(`${s.customerState}/${s.benefitsState}`));
    await scanCard(c, 'CU-7H3K9P2A');
    expect(seen).toContain('loading/ready');
    expect(seen.at(-1)).toBe('ready/ready');
  });

  it('learns cards from exported customers and forgets a forgotten customer at once', async () => {
    const c = track(await checkoutCompanion(sim, { customers: { source: 'cache' } }));
    c.exports.ingest('customers', [{ external_id: 'EXP-0001', first_name: 'Exported', phone_number: '0501112233', can_sms: 'true' }], { partial: false, source: 'test' });
    expect(await scanCard(c, 'EXP-0001')).toMatchObject({ customer: { name: 'Exported', maskedPhone: '+•••••••••233', consents: { sms: true } } });
    c.exports.ingest('customers', [{ external_id: 'EXP-0001', is_forgotten: true }], { partial: false, source: 'test' });
    await c.api['checkout.new']({});
    expect(await scanCard(c, 'EXP-0001')).toMatchObject({ customerState: 'not_found' });
  });

  it('keeps cached personal data only until it expires', async () => {
    let now = Date.now();
    const c = track(
      await makeCompanion(
        { overrides: { customers: { source: 'cache', cacheTtlHours: 1 } } },
        tempDir(),
        { now: () => new Date(now), secrets: createEnvSecretStore({}, SERVICE_SECRET_ENV) },
      ),
    );
    c.exports.ingest('customers', [{ external_id: 'TTL-1', first_name: 'Brief' }], { partial: false, source: 'test' });
    expect(c.checkout.cache.get('TTL-1')?.firstName).toBe('Brief');
    now += 3_600_001;
    expect(c.checkout.cache.get('TTL-1')).toBeNull();
    expect(c.checkout.cache.purgeExpired()).toBe(1);
  });

  it('asks Solteq Commerce Cloud with an OAuth2 client-credentials token, cached until it expires', async () => {
    const c = track(
      await makeCompanion(
        {
          overrides: {
            customers: { source: 'solteq', solteq: { tokenUrl: `${sim.url}/connect/token`, apiBase: sim.url, clientId: SOLTEQ_CLIENT.id } },
            benefits: { baseUrl: sim.url },
          },
        },
        tempDir(),
        { secrets: createEnvSecretStore({ TILL_SOLTEQ_CLIENT_SECRET: SOLTEQ_CLIENT.secret, TILL_BENEFITS_TOKEN: sim.benefitsToken }, SERVICE_SECRET_ENV) },
      ),
    );
    expect(await scanCard(c, 'CU-7H3K9P2A')).toMatchObject({ customer: { name: 'Aino Virtanen', source: 'solteq', consents: { email: true } } });
    await c.api['checkout.new']({});
    expect(await scanCard(c, 'CU-4M8Q1Z6T')).toMatchObject({ customer: { name: 'Eero Korhonen' } });
    expect(c.checkout.solteq.tokenRequests()).toBe(1);
    expect((await scanCard(c, 'CU-NOPE-99')).customerState).toBe('not_found');
  });
});
