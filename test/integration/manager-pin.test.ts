import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { api, tempDir } from '../helpers/service-process';
import { waitFor } from '../helpers/pty';

const TOKEN = 'manager-pin-api-token';
const AINO = 'CU-7H3K9P2A';
const PIN = '4321';

type Envelope<T = unknown> = { ok: boolean; value?: T; error?: { code: string; message: string } };

/**
 * The manager PIN is enforced in the core: over service-mode HTTP (real HTTP, real SQLite, the
 * simulator as Custobar and the benefits service), failed records, their audit, voids and pairing
 * are refused without it once it is set — and open, for the first run, before it is.
 */
describe('manager PIN over service-mode HTTP', () => {
  let sim: Simulator;
  let service: RunningService;
  const call = <T = unknown>(method: string, input: unknown = {}) => api<Envelope<T>>(service.url, TOKEN, method, input);

  beforeAll(async () => {
    sim = await startSimulator({ randomSeed: 3 });
    sim.setFaults({ uploads: { rejectKeys: ['C-1001'] } });
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>');
    const args = ['--port', '0', '--data-dir', tempDir(), '--api-token', TOKEN, '--custobar-url', sim.url, '--benefits-url', sim.url];
    service = await startService(parseServiceArgs(args, {}), {
      rendererDir,
      logger: createMemoryLogger(),
      env: { TILL_CUSTOBAR_TOKEN: sim.token, TILL_BENEFITS_TOKEN: sim.benefitsToken },
    });
    // A real failed record: Custobar (the simulator) refuses this customer.
    const customer = { external_id: 'C-1001', phone_number: '+358401234567', email: 'anna.virtanen@example.fi', first_name: 'Aino', last_name: 'Virtanen' };
    expect(service.companion.exports.ingest('customers', [customer], { partial: false, source: 'test' }).accepted).toBe(1);
    expect((await call('exports.sendNow', { type: 'customers' })).status).toBe(200);
    await waitFor(() => service.companion.exports.status().types.some((t) => t.type === 'customers' && t.dead === 1), 20_000, 'dead letter');
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await sim?.close();
  });

  it('with no PIN set (first run), failed records are open and the settings say no PIN is set', async () => {
    const settings = await call<{ pinSet: boolean; settings: { benefits: { voidNeedsPin: boolean } } }>('settings.get');
    expect(settings.body.value).toMatchObject({ pinSet: false, settings: { benefits: { voidNeedsPin: true } } });
    const list = await call<{ total: number }>('deadLetters.list', {});
    expect(list.status).toBe(200);
    expect(list.body.value!.total).toBe(1);
  });

  it('once a PIN is set, failed records are refused without it and the refusal carries none of their contents', async () => {
    expect((await call('manager.setPin', { newPin: PIN })).status).toBe(200);
    for (const input of [{}, { pin: '0000' }]) {
      const res = await api(service.url, TOKEN, 'deadLetters.list', input);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'pin_required' } });
      const text = JSON.stringify(res.body);
      for (const secret of ['C-1001', 'Aino', 'Virtanen', '4012', 'anna.virtanen', 'record']) expect(text).not.toContain(secret);
    }
    const audit = await call('deadLetters.audit', {});
    expect(audit.status).toBe(403);
    expect(JSON.stringify(audit.body)).not.toContain('C-1001');

    const opened = await call<{ items: { key: string; record: Record<string, unknown> }[] }>('deadLetters.list', { pin: PIN });
    expect(opened.status).toBe(200);
    expect(opened.body.value!.items[0]).toMatchObject({ key: 'C-1001', record: { first_name: 'Aino' } });
    expect((await call('deadLetters.audit', { pin: PIN })).status).toBe(200);
  });

  it('a void needs the PIN while benefits.voidNeedsPin is on, and not once it is turned off', async () => {
    await call('scans.submit', { source: 'manual', raw: AINO });
    await waitFor(() => service.companion.checkout.checkout.get().benefitsState === 'ready', 10_000, 'benefits');
    const redeemed = await call<{ id: string; state: string }>('checkout.redeem', { benefitId: 'B-1002' });
    expect(redeemed.body.value!.state).toBe('committed');
    const id = redeemed.body.value!.id;

    const refused = await call('redemptions.void', { redemptionId: id, reason: 'Wrong customer' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'pin_required' } });
    expect((await call('redemptions.void', { redemptionId: id, reason: 'Wrong customer', pin: '9999' })).status).toBe(403);
    expect(service.companion.checkout.redemptions.today().find((r) => r.id === id)!.state).toBe('committed');

    const voided = await call<{ state: string }>('redemptions.void', { redemptionId: id, reason: 'Wrong customer', pin: PIN });
    expect(voided.body.value!.state).toBe('voided');

    // The setting changes only with the PIN; then a void goes through without one.
    expect((await call('settings.update', { patch: { benefits: { voidNeedsPin: false } } })).status).toBe(403);
    expect((await call('settings.update', { patch: { benefits: { voidNeedsPin: false } }, pin: PIN })).status).toBe(200);
    const second = await call<{ id: string }>('checkout.redeem', { benefitId: 'B-1003' });
    const open = await call<{ state: string }>('redemptions.void', { redemptionId: second.body.value!.id, reason: 'Wrong benefit' });
    expect(open.status).toBe(200);
    expect(open.body.value!.state).toBe('voided');
  });

  it('pairing a scanner starts only with the PIN', async () => {
    const refused = await call('scanner.pairing.start', {});
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'pin_required' } });
    const started = await call<{ active: boolean }>('scanner.pairing.start', { pin: PIN });
    expect(started.status).toBe(200);
    await call('scanner.pairing.cancel', {});
  });
});
