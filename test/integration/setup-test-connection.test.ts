import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { setupMethods } from '../../main/core/setup/setup-methods';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { makeCompanion } from '../helpers/companion';
import { closedPort, fakeProfile, startStubServer } from '../helpers/setup';

/** "Test connection": one real read of each service with the values typed, mapped to a code. */
describe('setup.testConnection against the simulator', () => {
  let sim: Simulator;
  let companion: Companion;
  const stubs: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, token: 'cb-token', benefitsToken: 'bn-token' });
    companion = await makeCompanion({}, undefined, { profile: fakeProfile('none') });
  });
  afterAll(async () => {
    await companion?.close();
    await sim?.close();
    for (const stub of stubs) await stub.close();
  });

  const test = (custobar: { baseUrl?: string; token?: string; authScheme?: 'Token' | 'Bearer' }, benefits?: { baseUrl?: string; token?: string }) =>
    companion.api['setup.testConnection']({
      custobar: { baseUrl: sim.url, token: 'cb-token', authScheme: 'Token', ...custobar },
      ...(benefits ? { benefits: { baseUrl: sim.url, token: 'bn-token', ...benefits } } : {}),
    });

  it('answers ok for both services with the right addresses and tokens, with either scheme', async () => {
    const result = await test({}, {});
    expect(result.custobar).toMatchObject({ ok: true, code: 'ok', status: 200 });
    expect(result.benefits).toMatchObject({ ok: true, code: 'ok', status: 200 });
    expect((await test({ authScheme: 'Bearer' })).custobar.code).toBe('ok');
    // The tenant address with /api pasted on is taken as the tenant.
    expect((await test({ baseUrl: `${sim.url}/api/` })).custobar.code).toBe('ok');
  });

  it('skips the benefits service when it is not asked about', async () => {
    expect((await test({})).benefits).toBeNull();
  });

  it('says the token was refused, per service', async () => {
    const result = await test({ token: 'wrong' }, { token: 'also-wrong' });
    expect(result.custobar).toMatchObject({ ok: false, code: 'unauthorized', status: 401 });
    expect(result.custobar.message).toContain('the token was refused');
    expect(result.benefits).toMatchObject({ ok: false, code: 'unauthorized', status: 401 });
    // The Custobar token used as the benefits token is refused too: the two are told apart.
    expect((await test({}, { token: 'cb-token' })).benefits?.code).toBe('unauthorized');
  });

  it('says a port nobody listens on cannot be reached', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await test({ baseUrl: url }, { baseUrl: url });
    expect(result.custobar).toMatchObject({ ok: false, code: 'unreachable', status: null });
    expect(result.custobar.message).toContain('ECONNREFUSED');
    expect(result.benefits?.code).toBe('unreachable');
  });

  it('says a wrong path is not the API (404)', async () => {
    const result = await test({ baseUrl: `${sim.url}/somewhere-else` }, { baseUrl: `${sim.url}/somewhere-else` });
    expect(result.custobar).toMatchObject({ code: 'not_found', status: 404 });
    expect(result.benefits).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('says an answer that is not JSON, or a server error, is unexpected', async () => {
    const html = await startStubServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>Welcome</html>'));
    const broken = await startStubServer((_req, res) => res.writeHead(500).end('{}'));
    stubs.push(html, broken);
    const result = await test({ baseUrl: html.url }, { baseUrl: html.url });
    expect(result.custobar).toMatchObject({ code: 'unexpected', status: 200 });
    expect(result.benefits).toMatchObject({ code: 'unexpected', status: 200 });
    expect((await test({ baseUrl: broken.url })).custobar).toMatchObject({ code: 'unexpected', status: 500 });
  });

  it('says a service that never answers timed out', async () => {
    // Holds every request open; the companion below waits 300 ms instead of the screen's 5 s.
    const silent = await startStubServer(() => undefined);
    stubs.push(silent);
    const quick = await makeCompanion({}, undefined, { profile: fakeProfile('none') });
    try {
      const methods = setupMethods(quick.context, () => undefined, fakeProfile('none'), { testTimeoutMs: 300 });
      const result = await methods['setup.testConnection']({ custobar: { baseUrl: silent.url, token: 't', authScheme: 'Token' }, benefits: { baseUrl: silent.url, token: 't' } });
      expect(result.custobar).toMatchObject({ ok: false, code: 'timeout', status: null });
      expect(result.benefits?.code).toBe('timeout');
    } finally {
      await quick.close();
    }
  });

  it('refuses addresses that are not web addresses, or plain http to another computer', async () => {
    expect((await test({ baseUrl: 'acme.custobar.com' })).custobar.code).toBe('invalid_address');
    const http = await test({ baseUrl: 'http://acme.custobar.com' }, { baseUrl: 'http://benefits.example.com' });
    expect(http.custobar).toMatchObject({ code: 'invalid_address' });
    expect(http.custobar.message).toContain('https://');
    expect(http.benefits?.code).toBe('invalid_address');
  });

  it('says what is missing before trying anything', async () => {
    expect((await test({ baseUrl: '', token: '' })).custobar.code).toBe('not_configured');
    expect((await test({ token: '' })).custobar.code).toBe('not_configured');
    expect((await test({}, { baseUrl: '' })).benefits?.code).toBe('not_configured');
  });

  it('uses the stored token when the field is left empty, never the demo one', async () => {
    companion.context.secrets.set('custobarToken', 'cb-token');
    try {
      expect((await test({ token: '' })).custobar.code).toBe('ok');
      // In the demo the stored token is the simulator's: testing a real address with it means nothing.
      const demo = setupMethods(companion.context, () => undefined, fakeProfile('demo'));
      const result = await demo['setup.testConnection']({ custobar: { baseUrl: sim.url, token: '', authScheme: 'Token' } });
      expect(result.custobar.code).toBe('not_configured');
    } finally {
      companion.context.secrets.set('custobarToken', '');
    }
  });
});
