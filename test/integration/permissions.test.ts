import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { startHttpServer, type HttpServer } from '../../main/http/server';
import { permissionRoutes } from '../../main/http/routes/permissions';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { checkoutCompanion, scanCard } from '../helpers/checkout';
import { waitFor } from '../helpers/pty';
import { tempDir } from '../helpers/service-process';

const SECRET = 'a-32-character-shared-secret-xyz';
const AINO = 'CU-7H3K9P2A';

/** A companion on the simulator that knows the webhook secret; schedules off so each poll is the test's. */
async function permissionsCompanion(sim: Simulator, settings: Record<string, unknown> = {}, dataDir = tempDir()): Promise<Companion> {
  return checkoutCompanion(sim, { permissions: { schedule: 'off', pageSize: 2 }, ...settings }, dataDir, 'TILL-1', {
    env: { TILL_PERMISSIONS_SECRET: SECRET },
    exports: { retry: { initialMs: 50, maxMs: 200, jitter: 0 } },
  });
}

const customer = (sim: Simulator, key: string) => sim.state.records.customers.get(key)!;

describe('marketing permissions', () => {
  let sim: Simulator;
  const companions: Companion[] = [];
  const servers: HttpServer[] = [];
  const track = (c: Companion) => (companions.push(c), c);
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    for (const c of companions.splice(0)) await c.close();
    await sim.close();
  });

  async function serve(c: Companion): Promise<HttpServer> {
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, token: 'api-token-123', allowOwnOrigin: false, logger: createMemoryLogger(), routes: [permissionRoutes(() => c.permissions)] });
    servers.push(server);
    return server;
  }

  it('a poll pages through Custobar, records each change, and the POS reads the newest state per customer by cursor', async () => {
    const c = track(await permissionsCompanion(sim));
    const first = await c.permissions.poll();
    // Five seeded customers, two per page: three pages; the first pass is the POS's baseline.
    expect(first).toMatchObject({ pages: 3, customers: 5, changes: 5 });
    expect(await c.permissions.poll()).toMatchObject({ pages: 3, changes: 0 });

    customer(sim, AINO).can_sms = false;
    expect(await c.permissions.poll()).toMatchObject({ changes: 1 });

    const server = await serve(c);
    const read = async (query: string) => {
      const res = await fetch(`${server.url}/ingest/permissions${query}`, { headers: { authorization: 'Bearer api-token-123' } });
      return { status: res.status, body: (await res.json()) as { changes: Record<string, unknown>[]; next: string } };
    };
    const all = await read('');
    expect(all.status).toBe(200);
    // One entry per customer, with the newest state: Aino's change moved her to the end of the feed.
    expect(all.body.changes).toHaveLength(5);
    const last = all.body.changes[4]!;
    expect(last).toMatchObject({ external_id: AINO, phone_number: '+358401234567', can_sms: false, can_email: true, source: 'poll' });
    expect(Object.keys(last).sort()).toEqual(['can_email', 'can_post', 'can_profile', 'can_push', 'can_sms', 'changed_at', 'email', 'external_id', 'phone_number', 'source'].sort());
    const page = await read('?limit=3');
    expect(page.body.changes).toHaveLength(3);
    const rest = await read(`?since=${page.body.next}&limit=10`);
    expect(rest.body.changes).toEqual(all.body.changes.slice(3));
    expect((await read(`?since=${rest.body.next}`)).body).toEqual({ changes: [], next: rest.body.next });
    expect(c.permissions.status().waitingForPos).toBe(0);
    // Bad cursors and a missing token are refused, with the ingest API's error shape.
    expect((await read('?since=abc')).status).toBe(400);
    expect((await fetch(`${server.url}/ingest/permissions`)).status).toBe(401);

    // The card shows the latest consent, and when and where it changed.
    const state = await scanCard(c, AINO);
    expect(state.customer?.consents.sms).toBe(false);
    expect(state.customer?.consentChange).toMatchObject({ source: 'poll' });
  });

  it('the webhook takes a bare array or {"items": [...]}, with the raw secret or Bearer, and refuses a wrong one', async () => {
    const c = track(await permissionsCompanion(sim));
    const server = await serve(c);
    const post = (body: unknown, authorization?: string) =>
      fetch(`${server.url}/webhooks/permissions`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });
    const item = { external_id: AINO, phone_number: '+358401234567', email: 'aino.virtanen@example.fi', mailing_lists: [], can_email: false, can_sms: true, can_post: false, can_profile: true };

    const bare = await post([item], SECRET);
    expect(bare.status).toBe(200);
    expect(await bare.json()).toEqual({ received: 1, applied: 1 });
    const wrapped = await post({ items: [{ ...item, can_email: true }, { phone_number: '0505556677', can_sms: true }, { nobody: true }] }, `Bearer ${SECRET}`);
    expect(await wrapped.json()).toEqual({ received: 3, applied: 2 });

    expect((await post([item], 'wrong-secret')).status).toBe(401);
    expect((await post([item])).status).toBe(401);
    expect((await post({ customers: [item] }, SECRET)).status).toBe(400);
    const changes = c.permissions.changesSince(undefined, 100).changes as Record<string, unknown>[];
    expect(changes.map((ch) => [ch.source, ch.can_email, ch.phone_number])).toEqual([
      ['webhook', true, '+358401234567'],
      ['webhook', null, '+358505556677'],
    ]);
    expect(c.permissions.status().webhook).toMatchObject({ enabled: true, lastReceived: 3, lastApplied: 2 });

    // Without a secret the route does not exist.
    const without = await serve(track(await checkoutCompanion(sim, { permissions: { schedule: 'off' } })));
    const off = await fetch(`${without.url}/webhooks/permissions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: SECRET }, body: JSON.stringify([item]) });
    expect(off.status).toBe(404);
    expect(c.permissions.status().webhook.enabled).toBe(true);
    expect(companions.at(-1)!.permissions.status().webhook.enabled).toBe(false);
  });

  it('a consent changed at the till is not overwritten by Custobar while its upload waits, nor after, until Custobar shows it', async () => {
    const c = track(await permissionsCompanion(sim));
    await c.permissions.poll();
    const server = await serve(c);
    // Custobar is unreachable: the till's withdrawal waits in the outbox, backing off.
    sim.setFaults({ uploads: { down: true } });
    const result = await c.api['customers.consent']({ phone_number: '040 123 4567', sms: false, consent_text_version: 'till-1' });
    expect(result).toMatchObject({ existing: true, events: ['SMS_UNSUBSCRIBE'] });
    expect(c.permissions.status().heldAtTill).toBe(1);

    // Custobar still says yes (it has not received the change): neither a poll nor the webhook wins.
    await c.permissions.poll();
    const webhook = await fetch(`${server.url}/webhooks/permissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: SECRET },
      body: JSON.stringify([{ external_id: AINO, phone_number: '+358401234567', can_sms: true, can_email: true }]),
    });
    expect(await webhook.json()).toEqual({ received: 1, applied: 0 });
    expect(c.permissions.store.latest({ externalId: AINO, phone: null })?.consents.can_sms).toBe(false);
    const state = await scanCard(c, AINO);
    expect(state.customer?.consents.sms).toBe(false);
    expect(state.customer?.consentChange).toMatchObject({ source: 'till' });

    // Custobar comes back: the customer goes before the event, then a poll confirms and the hold ends.
    sim.setFaults({ uploads: { down: false } });
    await c.api['exports.sendNow']({ type: 'all' });
    await waitFor(() => customer(sim, AINO).can_sms === false && [...sim.state.records.events.values()].some((e) => e.type === 'SMS_UNSUBSCRIBE'), 10_000, 'delivery');
    await c.permissions.poll();
    expect(c.permissions.status().heldAtTill).toBe(0);
    expect(sim.state.orphans).toEqual([]);
    // The card, looked up while Custobar still said yes, keeps showing the change once it is confirmed.
    await waitFor(() => c.checkout.checkout.get().customer?.consentChange !== undefined, 1000, 'card refreshed');
    expect(c.checkout.checkout.get().customer).toMatchObject({ consents: { sms: false }, consentChange: { source: 'till' } });
    // Giving e-mail permission needs an address the customer is known by; Aino has one, Helmi's number none.
    await expect(c.api['customers.consent']({ phone_number: '+358451112222', email: true, consent_text_version: 'till-1' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('a join queues the customer (only the consents asked) and the events, which reach Custobar in that order', async () => {
    const c = track(await permissionsCompanion(sim));
    const joined = await c.api['customers.join']({
      phone_number: '0451234567',
      email: 'Uusi.Asiakas@Example.fi',
      first_name: 'Uusi',
      last_name: 'Asiakas',
      consents: { sms: true, email: false },
      consent_text_version: 'till-1',
    });
    expect(joined).toMatchObject({ existing: false, customerId: null, name: 'Uusi Asiakas', events: ['SMS_SUBSCRIBE', 'LOYALTY_JOIN'] });
    expect(joined.maskedPhone).not.toContain('1234567');
    await waitFor(() => sim.state.records.events.size >= 2, 10_000, 'events delivered');
    const created = sim.state.records.customers.get('+358451234567');
    expect(created).toMatchObject({ phone_number: '+358451234567', email: 'uusi.asiakas@example.fi', can_sms: true, can_email: false, first_name: 'Uusi' });
    expect(created).not.toHaveProperty('can_post');
    const order = sim.state.uploads.filter((u) => u.status === 200).map((u) => u.type);
    expect(order.indexOf('customers')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('customers')).toBeLessThan(order.indexOf('events'));
    const join = [...sim.state.records.events.values()].find((e) => e.type === 'LOYALTY_JOIN')!;
    expect(join).toMatchObject({ phone_number: '+358451234567', shop_id: 'SHOP-9', till_id: 'TILL-1', consent_text_version: 'till-1' });

    // A known phone number joins that customer: no second one, and the cashier is told.
    await c.permissions.poll();
    const again = await c.api['customers.join']({ phone_number: '+358 50 111 2233', consents: { sms: true, email: false }, consent_text_version: 'till-2' });
    expect(again).toMatchObject({ existing: true, customerId: 'CU-4M8Q1Z6T', events: ['SMS_SUBSCRIBE', 'LOYALTY_JOIN'] });
    await waitFor(() => [...sim.state.records.events.values()].filter((e) => e.type === 'LOYALTY_JOIN').length === 2, 10_000, 'second join');
    expect([...sim.state.records.customers.keys()].filter((k) => k.includes('501112233'))).toEqual([]);

    // Both are in the consent log, behind the PIN once one is set; e-mail consent needs an address.
    await c.api['manager.setPin']({ newPin: '4321' });
    await expect(c.api['customers.consentLog']({ limit: 10 })).rejects.toMatchObject({ code: 'pin_required' });
    const entries = await c.api['customers.consentLog']({ limit: 10, pin: '4321' });
    expect(entries.map((e) => [e.action, e.phone_number, e.consent_text_version, e.sms, e.email])).toEqual([
      ['join', '+358501112233', 'till-2', true, null],
      ['join', '+358451234567', 'till-1', true, false],
    ]);
    await expect(c.api['customers.join']({ phone_number: '0451234568', consents: { sms: false, email: true }, consent_text_version: 'v' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(c.api['customers.join']({ phone_number: '12', consents: { sms: true, email: false }, consent_text_version: 'v' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('a forgotten or deleted customer is purged from the snapshot, the change feed and the customer cache', async () => {
    const c = track(await checkoutCompanion(sim, { permissions: { schedule: 'off' } }));
    await scanCard(c, AINO);
    await c.permissions.poll();
    expect(c.permissions.store.latest({ externalId: AINO, phone: null })).not.toBeNull();
    expect(c.checkout.cache.get(AINO)).not.toBeNull();
    sim.state.records.customers.set(AINO, { external_id: AINO, is_forgotten: true });
    sim.state.records.customers.set('CU-8D1F7G3J', { external_id: 'CU-8D1F7G3J', is_deleted: true });
    await c.permissions.poll();
    expect(c.permissions.store.latest({ externalId: AINO, phone: '+358401234567' })).toBeNull();
    expect(c.permissions.store.latest({ externalId: 'CU-8D1F7G3J', phone: '+358405556677' })).toBeNull();
    const left = (c.permissions.changesSince(undefined, 100).changes as { external_id: string; phone_number: string }[]).map((ch) => ch.external_id);
    expect(left).not.toContain(AINO);
    expect(left).not.toContain('CU-8D1F7G3J');
    expect(c.checkout.cache.get(AINO)).toBeNull();
  });

  it('each batch of changes lands in the folder as one permissions-<UTC time>.jsonl, never half-written', async () => {
    const out = path.join(tempDir(), 'pos-permissions');
    const c = track(await permissionsCompanion(sim, { permissions: { schedule: 'off', outDir: out } }));
    await c.permissions.poll();
    customer(sim, AINO).can_email = false;
    await c.permissions.poll();
    await c.permissions.poll();
    const files = fs.readdirSync(out).sort();
    expect(files).toHaveLength(2);
    for (const f of files) expect(f).toMatch(/^permissions-\d{8}T\d{9}Z(-\d+)?\.jsonl$/);
    const lines = files.map((f) => fs.readFileSync(path.join(out, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>));
    expect(lines.map((l) => l.length)).toEqual([5, 1]);
    expect(lines[1]![0]).toMatchObject({ external_id: AINO, can_email: false, source: 'poll' });
    expect(c.permissions.status().lastFile).toBe(files[1]);
  });

  it('the poll follows its cron schedule, seconds included, and a schedule typo is refused with a clear message', async () => {
    const c = track(await permissionsCompanion(sim, { permissions: { schedule: '*/1 * * * * *' } }));
    expect(c.permissions.status().nextPollAt).not.toBeNull();
    await waitFor(() => (c.permissions.status().lastPoll?.finishedAt ?? null) !== null, 10_000, 'a scheduled poll');
    expect(c.permissions.status().lastPoll).toMatchObject({ customers: 5, error: null });
    await expect(c.api['settings.update']({ patch: { permissions: { schedule: '*/15 * * *' } } })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(c.api['settings.update']({ patch: { permissions: { schedule: 'continuous' } } })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
