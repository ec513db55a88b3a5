import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../preload/contract';
import type { Companion } from '../../main/core/companion';
import { createFileSettingsBackend } from '../../main/core/settings/file-backend';
import { verifyPin } from '../../main/core/settings/pin';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { makeCompanion } from '../helpers/companion';
import { tempDir } from '../helpers/service-process';
import { fakeProfile } from '../helpers/setup';

type ConnectInput = Parameters<Companion['api']['setup.connect']>[0];

describe('setup.connect, setup.choose and setup.state', () => {
  let sim: Simulator;
  const open: Companion[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, token: 'cb-token', benefitsToken: 'bn-token' });
  });
  afterEach(async () => {
    for (const companion of open.splice(0)) await companion.close();
  });
  afterAll(async () => sim?.close());

  const start = async (profile: Profile, options: { overrides?: Record<string, unknown>; dataDir?: string; failWrites?: boolean } = {}) => {
    const port = fakeProfile(profile);
    const dataDir = options.dataDir ?? tempDir();
    const backend = createFileSettingsBackend(path.join(dataDir, 'settings.json'));
    const settingsBackend = options.failWrites
      ? { ...backend, read: () => backend.read(), quarantine: () => backend.quarantine(), write: () => { throw new Error('disk full'); } }
      : backend;
    const companion = await makeCompanion({ overrides: options.overrides ?? {} }, dataDir, { profile: port, settingsBackend });
    open.push(companion);
    const settingsEvents: unknown[] = [];
    companion.events.on('settings', (view) => settingsEvents.push(view));
    return { companion, port, dataDir, settingsEvents, file: path.join(dataDir, 'settings.json') };
  };

  const input = (patch: Partial<{ [K in keyof ConnectInput]: Partial<ConnectInput[K]> }> & { pin?: string } = {}): ConnectInput => ({
    custobar: { baseUrl: sim.url, authScheme: 'Token', token: 'cb-token', ...patch.custobar },
    benefits: { baseUrl: sim.url, token: 'bn-token', ...patch.benefits },
    customers: { source: 'custobar', ...patch.customers },
    general: { shopId: 'SHOP-7', tillId: 'TILL-3', ...patch.general },
    pin: patch.pin ?? '2468',
  });

  it('on first run saves the settings, tokens and PIN, tells the UI, then switches to the store’s data set', async () => {
    const { companion, port, settingsEvents, file } = await start('none');
    expect(await companion.api['setup.state']({})).toEqual({ profile: 'none', realConfigured: false });

    const state = await companion.api['setup.connect'](input({ custobar: { baseUrl: `${sim.url}/api/`, authScheme: 'Bearer' } }));
    expect(state).toEqual({ profile: 'real', realConfigured: true });
    expect(port.switches).toEqual(['real']);

    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(saved.custobar).toMatchObject({ baseUrl: sim.url, authScheme: 'Bearer' });
    expect(saved.benefits).toMatchObject({ baseUrl: sim.url });
    expect(saved.general).toMatchObject({ shopId: 'SHOP-7', tillId: 'TILL-3' });
    expect(verifyPin('2468', String(saved.manager!.pinHash))).toBe(true);
    // Tokens go to the secret store, never into the settings file.
    expect(fs.readFileSync(file, 'utf8')).not.toContain('cb-token');
    expect(companion.context.secrets.get('custobarToken')).toBe('cb-token');
    expect(companion.context.secrets.get('benefitsToken')).toBe('bn-token');
    expect(settingsEvents).toHaveLength(1);
    expect(settingsEvents[0]).toMatchObject({ pinSet: true, secrets: { custobarToken: true } });
    expect(await companion.api['setup.state']({})).toEqual({ profile: 'real', realConfigured: true });
  });

  it('refuses to connect in the demo, and writes nothing', async () => {
    const { companion, port, file } = await start('demo');
    const result = await companion.dispatch('setup.connect', input());
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Leave the demo first') } });
    expect(fs.existsSync(file)).toBe(false);
    expect(companion.context.secrets.has('custobarToken')).toBe(false);
    expect(port.switches).toEqual([]);
  });

  it('lists every field at fault at once and applies none of the others', async () => {
    const { companion, port, file, settingsEvents } = await start('none');
    const result = await companion.dispatch(
      'setup.connect',
      input({ custobar: { baseUrl: 'http://acme.custobar.com', token: ' ' }, benefits: { baseUrl: 'not an address', token: '' }, general: { shopId: '' } }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    const fields = (result.error.details as { fields: { field: string; code: string }[] }).fields;
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'custobar.baseUrl', code: 'https_required' }),
        expect.objectContaining({ field: 'custobar.token', code: 'required' }),
        expect.objectContaining({ field: 'benefits.baseUrl', code: 'invalid_address' }),
        expect.objectContaining({ field: 'benefits.token', code: 'required' }),
        expect.objectContaining({ field: 'general.shopId', code: 'required' }),
      ]),
    );
    expect(fields).toHaveLength(5);
    expect(fs.existsSync(file)).toBe(false);
    expect(companion.context.secrets.has('custobarToken')).toBe(false);
    expect(companion.context.settings.get().manager.pinHash).toBe('');
    expect(settingsEvents).toEqual([]);
    expect(port.switches).toEqual([]);
  });

  it('refuses a PIN that is not 4 to 8 digits at the contract', async () => {
    const { companion } = await start('none');
    const result = await companion.dispatch('setup.connect', input({ pin: '12' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', details: [expect.objectContaining({ path: ['pin'] })] } });
  });

  it('needs the PIN already set, and keeps it', async () => {
    const { companion, port } = await start('real');
    await companion.api['manager.setPin']({ newPin: '1357' });
    const hash = companion.context.settings.get().manager.pinHash;

    const wrong = await companion.dispatch('setup.connect', input({ pin: '2468' }));
    expect(wrong).toMatchObject({ ok: false, error: { code: 'pin_required', details: { fields: [{ field: 'pin', code: 'pin_wrong' }] } } });
    expect(companion.context.settings.get().custobar.baseUrl).toBe('');
    expect(companion.context.secrets.has('custobarToken')).toBe(false);

    expect(await companion.api['setup.connect'](input({ pin: '1357' }))).toEqual({ profile: 'real', realConfigured: true });
    expect(companion.context.settings.get().manager.pinHash).toBe(hash);
    // Already on the store's data set: nothing to switch.
    expect(port.switches).toEqual([]);
  });

  it('keeps the stored token when the field is left empty', async () => {
    const { companion } = await start('none');
    companion.context.secrets.set('custobarToken', 'from-the-environment');
    await companion.api['setup.connect'](input({ custobar: { token: '' }, benefits: { baseUrl: '', token: '' } }));
    expect(companion.context.secrets.get('custobarToken')).toBe('from-the-environment');
    expect(companion.context.settings.get().benefits.baseUrl).toBe('');
  });

  it('never sends or keeps a stored token for an address on another origin', async () => {
    const other = await startSimulator({ port: 0, token: 'other-token', benefitsToken: 'other-bn' });
    try {
      const { companion } = await start('none');
      await companion.api['setup.connect'](input());
      // "Test connection" with the token left empty and someone else's address: the stored token stays home.
      const seen: (string | undefined)[] = [];
      const stranger = http.createServer((req, res) => {
        seen.push(req.headers.authorization);
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{}');
      });
      await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
      const strangerUrl = `http://127.0.0.1:${(stranger.address() as { port: number }).port}`;
      const test = await companion.api['setup.testConnection']({ custobar: { baseUrl: strangerUrl, authScheme: 'Token', token: '' } });
      await new Promise<void>((resolve) => stranger.close(() => resolve()));
      // No token for that origin: nothing is sent at all, and the screen asks for the token.
      expect(test.custobar.code).toBe('not_configured');
      expect(seen).toEqual([]);
      // The same address as the saved one still uses the stored token.
      expect((await companion.api['setup.testConnection']({ custobar: { baseUrl: sim.url, authScheme: 'Token', token: '' } })).custobar.code).toBe('ok');
      // Connecting to that address needs its own token…
      const refused = await companion.dispatch('setup.connect', input({ custobar: { baseUrl: other.url, token: '' }, pin: '2468' }));
      expect(refused).toMatchObject({ ok: false, error: { details: { fields: [{ field: 'custobar.token', code: 'required' }] } } });
      // …and with it, the new token is bound to the new address and usable there.
      await companion.api['setup.connect'](input({ custobar: { baseUrl: other.url, token: 'other-token' }, pin: '2468' }));
      expect(companion.context.secrets.get('custobarToken')).toBe('other-token');
      expect((await companion.api['status.get']({})).warnings.map((w) => w.code)).not.toContain('credential_origin.custobarToken');
      expect(await companion.api['setup.state']({})).toMatchObject({ realConfigured: true });
    } finally {
      await other.close();
    }
  });

  it('accepts a value fixed by the command line when it is the same, and says so at the field when not', async () => {
    const { companion } = await start('none', { overrides: { custobar: { baseUrl: sim.url } } });
    const other = await companion.dispatch('setup.connect', input({ custobar: { baseUrl: 'https://acme.custobar.com' } }));
    expect(other).toMatchObject({ ok: false, error: { details: { fields: [{ field: 'custobar.baseUrl', code: 'locked' }] } } });
    expect(await companion.api['setup.connect'](input())).toMatchObject({ realConfigured: true });
  });

  it('puts the tokens back when the settings cannot be written', async () => {
    const { companion, port } = await start('none', { failWrites: true });
    companion.context.secrets.set('custobarToken', 'old-token');
    const result = await companion.dispatch('setup.connect', input());
    expect(result.ok).toBe(false);
    expect(companion.context.secrets.get('custobarToken')).toBe('old-token');
    expect(companion.context.secrets.has('benefitsToken')).toBe(false);
    expect(port.switches).toEqual([]);
  });

  it('switches data sets on choose, and not when already there', async () => {
    const { companion, port } = await start('none');
    expect(await companion.api['setup.choose']({ profile: 'demo' })).toEqual({ profile: 'demo', realConfigured: false });
    expect(port.switches).toEqual(['demo']);
    expect(await companion.api['setup.state']({})).toEqual({ profile: 'demo', realConfigured: false });
    expect(await companion.api['setup.choose']({ profile: 'demo' })).toEqual({ profile: 'demo', realConfigured: false });
    expect(port.switches).toEqual(['demo']);
    expect(await companion.api['setup.choose']({ profile: 'real' })).toEqual({ profile: 'real', realConfigured: false });
    expect(port.switches).toEqual(['demo', 'real']);
  });

  it('switches a configured till with a PIN to the demo only with the PIN', async () => {
    const { companion, port } = await start('none');
    await companion.api['setup.connect'](input());
    expect(await companion.dispatch('setup.choose', { profile: 'demo' })).toMatchObject({ ok: false, error: { code: 'pin_required' } });
    expect(port.switches).toEqual(['real']);
    expect(await companion.api['setup.choose']({ profile: 'demo', pin: '2468' })).toEqual({ profile: 'demo', realConfigured: false });
    expect(port.switches).toEqual(['real', 'demo']);
  });
});
