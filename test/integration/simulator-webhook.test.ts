import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { jsonOf, simGet, simPost, upload } from '../helpers/simulator-http';

interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** The app's side of the webhook, reduced to what the tests check: it records every call and answers as the app does. */
async function startReceiver(secret: string) {
  const calls: Received[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  let status: number | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      const received = { headers: req.headers, body };
      calls.push(received);
      for (const w of waiting.splice(0).filter((w) => (calls.length >= w.count ? true : (waiting.push(w), false)))) w.resolve();
      const items = Array.isArray(body) ? body : (body as { items: unknown[] }).items;
      const answer = status ?? (req.headers.authorization === secret || req.headers.authorization === `Bearer ${secret}` ? 200 : 401);
      res.writeHead(answer, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer === 200 ? { received: items.length, applied: items.length } : { error: 'refused' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/custobar/permissions`;
  return {
    url,
    calls,
    /** Resolves once `count` calls have arrived in all. */
    received: (count: number): Promise<void> =>
      calls.length >= count ? Promise.resolve() : new Promise((resolve) => waiting.push({ count, resolve })),
    answerWith: (s: number | null) => (status = s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const itemsOf = (body: unknown) => (Array.isArray(body) ? body : (body as { items: unknown[] }).items);

describe('simulator: the marketing-permission webhook', () => {
  const SECRET = 'shh-webhook-secret';
  let sim: Simulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const logged: string[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ randomSeed: 1, log: (line) => logged.push(line) });
  });
  beforeEach(async () => {
    sim.state.reset(true);
    receiver = await startReceiver(SECRET);
    sim.setWebhook({ url: receiver.url, secret: SECRET });
    logged.length = 0;
  });
  afterEach(async () => {
    sim.stopPermissionChurn();
    await sim.webhookIdle();
    await receiver.close();
  });
  afterAll(async () => sim?.close());

  it('POST /__sim/permissions changes the customer and pushes its full state as {"items": [...]} with the raw secret', async () => {
    const res = await simPost(sim, '/__sim/permissions', { phone_number: '+358401234567', can_sms: false, can_post: true });
    expect(res.status).toBe(200);
    const report = await jsonOf(res);
    expect(report).toMatchObject({ key: 'CU-7H3K9P2A', changed: ['can_sms', 'can_post'], webhook: { status: 200, reply: { received: 1, applied: 1 } } });

    expect(receiver.calls).toHaveLength(1);
    const [call] = receiver.calls;
    expect(call!.headers.authorization).toBe(SECRET);
    expect(call!.headers['content-type']).toMatch(/^application\/json/);
    expect(call!.body).toEqual({
      items: [{
        external_id: 'CU-7H3K9P2A', phone_number: '+358401234567', email: 'aino.virtanen@example.fi', mailing_lists: ['newsletter', 'offers'],
        can_email: true, can_sms: false, can_post: true, can_profile: true,
      }],
    });
    expect(sim.state.records.customers.get('CU-7H3K9P2A')).toMatchObject({ can_sms: false, can_post: true });
    const detail = await jsonOf(simGet(sim, '/__sim/customers/CU-7H3K9P2A'));
    expect(detail.history).toMatchObject([
      { field: 'can_sms', value: false, how: 'sim', detail: 'permissions' },
      { field: 'can_post', value: true, how: 'sim', detail: 'permissions' },
    ]);
    const state = await jsonOf(simGet(sim, '/__sim/state'));
    expect(state.webhook).toEqual({ url: receiver.url, shape: 'items' });
    expect(state.webhookCalls).toHaveLength(1);
    expect(state.webhookCalls[0]).toMatchObject({ status: 200, shape: 'items', items: [{ external_id: 'CU-7H3K9P2A', can_sms: false }] });
    expect(typeof state.webhookCalls[0].at).toBe('string');
  });

  it('sends a bare array when configured so over HTTP, and the method pushes even when nothing changed', async () => {
    const set = await jsonOf(simPost(sim, '/__sim/webhook', { url: receiver.url, secret: SECRET, shape: 'array' }));
    expect(set.webhook).toEqual({ url: receiver.url, shape: 'array' });
    const report = await sim.changePermission({ external_id: 'CU-4M8Q1Z6T', can_sms: true });
    expect(report).toMatchObject({ changed: [], webhook: { status: 200 } });
    expect(receiver.calls).toHaveLength(1);
    expect(receiver.calls[0]!.headers.authorization).toBe(SECRET);
    expect(receiver.calls[0]!.body).toEqual([expect.objectContaining({ external_id: 'CU-4M8Q1Z6T', can_sms: true, can_email: false, mailing_lists: [] })]);
  });

  it('pushes the customers an events upload changed, but never for the app’s own customer uploads', async () => {
    await upload(sim, 'customers', [{ external_id: 'CU-9R2W5X8L', can_sms: true }]);
    await upload(sim, 'events', [
      { type: 'SMS_SUBSCRIBE', date: '2026-11-22T10:00:00+02:00', phone_number: '+358409990030' },
      { type: 'MAIL_UNSUBSCRIBE', date: '2026-11-22T10:00:00+02:00', customer_id: 'CU-3B6N0V4C' },
      { type: 'LOYALTY_JOIN', date: '2026-11-22T10:00:00+02:00', customer_id: 'CU-8D1F7G3J' },
    ]);
    await sim.webhookIdle();
    expect(receiver.calls).toHaveLength(1);
    expect(itemsOf(receiver.calls[0]!.body)).toEqual([
      { external_id: null, phone_number: '+358409990030', email: null, mailing_lists: [], can_email: false, can_sms: true, can_post: false, can_profile: false },
      expect.objectContaining({ external_id: 'CU-3B6N0V4C', can_email: false, can_sms: true }),
    ]);
  });

  it('records and logs a refused or failed call, and keeps serving', async () => {
    sim.setWebhook({ url: receiver.url, secret: 'wrong-secret' });
    expect((await sim.changePermission({ external_id: 'CU-7H3K9P2A', can_push: false }))!.webhook).toMatchObject({ status: 401 });
    await receiver.close();
    const failed = await sim.changePermission({ external_id: 'CU-7H3K9P2A', can_push: true });
    expect(failed!.webhook).toMatchObject({ status: null, error: expect.any(String) });
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatch(/answered 401/);
    expect(logged[1]).toMatch(/failed/);
    expect(sim.state.webhookCalls.map((c) => c.status)).toEqual([401, null]);
    expect((await simGet(sim, '/api/data/customers/?external_id=CU-7H3K9P2A')).status).toBe(200);
    receiver = await startReceiver(SECRET); // for afterEach
  });

  it('calls nobody when the webhook is off, and refuses bad control requests', async () => {
    expect((await jsonOf(simPost(sim, '/__sim/webhook', { url: null }))).webhook).toBeNull();
    expect((await sim.changePermission({ email: 'helmi.makela@example.fi', can_email: true }))).toMatchObject({ key: 'CU-8D1F7G3J', changed: ['can_email'], webhook: null });
    await sim.webhookIdle();
    expect(receiver.calls).toHaveLength(0);
    expect((await simPost(sim, '/__sim/permissions', { can_sms: true })).status).toBe(400);
    expect((await simPost(sim, '/__sim/permissions', { external_id: 'CU-8D1F7G3J', can_sms: 'yes' })).status).toBe(400);
    expect((await simPost(sim, '/__sim/permissions', { external_id: 'CU-8D1F7G3J' })).status).toBe(400);
    expect((await simPost(sim, '/__sim/permissions', { external_id: 'NOBODY', can_sms: true })).status).toBe(404);
    expect((await simPost(sim, '/__sim/webhook', { url: 'ftp://example.com/x' })).status).toBe(400);
    expect(() => sim.setWebhook({ url: 'not a url', secret: SECRET })).toThrow(/absolute/);
  });

  describe('demo churn', () => {
    it('flips one demo customer’s permission per interval and calls the webhook with the new state', async () => {
      const churn = sim.startPermissionChurn(5);
      expect((await jsonOf(simGet(sim, '/__sim/state'))).churning).toBe(true);
      await receiver.received(1);
      churn.stop();
      expect((await jsonOf(simGet(sim, '/__sim/state'))).churning).toBe(false);
      await sim.webhookIdle();
      // The first step is Aino's SMS permission, which the seed has on.
      expect(itemsOf(receiver.calls[0]!.body)).toEqual([expect.objectContaining({ external_id: 'CU-7H3K9P2A', can_sms: false })]);
      expect(receiver.calls[0]!.headers.authorization).toBe(SECRET);
      const history = (await jsonOf(simGet(sim, '/__sim/customers/CU-7H3K9P2A'))).history;
      expect(history[0]).toMatchObject({ field: 'can_sms', value: false, how: 'sim', detail: 'churn' });
    });

    it('goes round the demo customers, SMS first, then e-mail, skipping removed ones', async () => {
      await simPost(sim, '/__sim/customers/delete', { external_id: 'CU-9R2W5X8L' });
      const steps: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const report = await sim.churnPermission();
        steps.push(`${report!.key}:${report!.changed.join()}`);
      }
      expect(steps).toEqual(['CU-7H3K9P2A:can_sms', 'CU-4M8Q1Z6T:can_sms', 'CU-3B6N0V4C:can_sms', 'CU-8D1F7G3J:can_sms', 'CU-7H3K9P2A:can_email']);
      expect(sim.state.records.customers.get('CU-8D1F7G3J')!.can_sms).toBe(true);
      expect(receiver.calls).toHaveLength(5);
      const viaHttp = await jsonOf(simPost(sim, '/__sim/churn/step', {}));
      expect(viaHttp).toMatchObject({ key: 'CU-4M8Q1Z6T', changed: ['can_email'], webhook: { status: 200 } });
    });
  });
});
